import Foundation
import MilepostSystem
import Testing

struct BlockingPoolTests {
    @Test func workRunsOnThePoolsThreadsNotTheCaller() async throws {
        let pool = BlockingPool(threadCount: 2)
        let callerThread = Thread.current.description
        let workThread = try await pool.run { Thread.current.description }
        #expect(workThread != callerThread)
        #expect(workThread.isEmpty == false)
        try await pool.shutdown()
    }

    @Test func anErrorThrownByTheWorkReachesTheCaller() async throws {
        struct Refused: Error, Equatable {}
        let pool = BlockingPool(threadCount: 1)
        await #expect(throws: Refused.self) { try await pool.run { () throws -> Int in throw Refused() } }
        try await pool.shutdown()
    }

    @Test func workSubmittedAfterShutdownIsRefused() async throws {
        let pool = BlockingPool(threadCount: 1)
        try await pool.shutdown()
        await #expect(throws: (any Error).self) { try await pool.run { 1 } }
    }
}
