import MilepostCore
import Testing

@testable import MilepostService

@Suite struct BlockingQueueTests {
    @Test func bodiesRunOnTheQueueAndNowhereElse() async throws {
        let queue = BlockingQueue(label: "test.blocking")
        let other = BlockingQueue(label: "test.other")
        #expect(!queue.isCurrent, "the test itself runs on the cooperative pool")
        #expect(await queue.run { queue.isCurrent && !other.isCurrent })
        #expect(try await queue.run { () throws -> Bool in queue.isCurrent })
        #expect(await other.run { !queue.isCurrent })
        #expect(await queue.run { queue.preconditionOnQueue(); return true })
    }

    struct Refused: Error, Equatable {}

    @Test func aThrowingBodyRethrowsItsError() async {
        let queue = BlockingQueue(label: "test.blocking")
        await #expect(throws: Refused()) {
            try await queue.run { () throws -> Int in throw Refused() }
        }
    }

    @Test func workOnOneQueueRunsOneAtATimeInSubmissionOrder() async {
        let queue = BlockingQueue(label: "test.serial")
        let state = Locked((running: 0, overlapped: false, order: [Int]()))
        // Twenty callers at once: their bodies never overlap.
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    await queue.run {
                        state.withLock { $0.running += 1; if $0.running > 1 { $0.overlapped = true } }
                        for _ in 0..<1000 { _ = queue.isCurrent }
                        state.withLock { $0.running -= 1; $0.order.append(index) }
                    }
                }
            }
        }
        state.withLock { #expect(!$0.overlapped && $0.order.count == 20) }

        // One caller's submissions keep their order.
        for index in 0..<10 { await queue.run { state.withLock { $0.order.append(100 + index) } } }
        state.withLock { #expect(Array($0.order.suffix(10)) == Array(100..<110)) }
    }
}
