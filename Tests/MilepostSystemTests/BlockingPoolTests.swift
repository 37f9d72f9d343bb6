import Foundation
import MilepostSystem
import Testing

struct BlockingPoolTests {
    /// The kernel's name for the calling thread (NIO names its pool threads `TP-#n`).
    static func currentThreadName() -> String {
        (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "unknown"
    }

    @Test func workRunsOnThePoolsThreadsNotTheCaller() async throws {
        let pool = BlockingPool(threadCount: 2)
        let workThreadName = try await pool.run { Self.currentThreadName() }
        #expect(workThreadName.hasPrefix("TP-#"), "ran on \(workThreadName), not on a pool thread")
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
