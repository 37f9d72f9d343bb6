import Foundation
import MilepostCore
import MilepostSystem
import Testing

struct SerialLaneTests {
    @Test func concurrentItemsRunOneAtATimeOnThePool() async throws {
        let pool = BlockingPool(threadCount: 4)
        let lane = SerialLane(label: "test.lane", pool: pool)
        let log = Locked<[Int]>([])
        let running = Locked(0)
        let overlap = Locked(false)
        var pending: [Task<String, any Error>] = []
        for index in 0..<40 {
            pending.append(Task {
                try await lane.run {
                    running.withLock { count in
                        count += 1
                        if count > 1 { overlap.withLock { $0 = true } }
                    }
                    log.withLock { $0.append(index) }
                    running.withLock { $0 -= 1 }
                    return BlockingPoolTests.currentThreadName()
                }
            })
        }
        var threadNames = Set<String>()
        for task in pending { threadNames.insert(try await task.value) }
        #expect(overlap.withLock { $0 } == false)
        #expect(log.withLock { $0 }.sorted() == Array(0..<40))
        #expect(threadNames.allSatisfy { $0.hasPrefix("TP-#") }, "ran on \(threadNames)")
        try await pool.shutdown()
    }

    @Test func oneCallersItemsRunInTheOrderItSubmittedThem() async throws {
        let pool = BlockingPool(threadCount: 4)
        let lane = SerialLane(label: "test.lane", pool: pool)
        let log = Locked<[Int]>([])
        for index in 0..<20 { try await lane.run { log.withLock { $0.append(index) } } }
        #expect(log.withLock { $0 } == Array(0..<20))
        try await pool.shutdown()
    }

    @Test func twoLanesDoNotWaitForEachOther() async throws {
        let pool = BlockingPool(threadCount: 2)
        let slow = SerialLane(label: "test.slow", pool: pool)
        let fast = SerialLane(label: "test.fast", pool: pool)
        let release = Locked(false)
        let blocked = Task { try await slow.run { while !release.withLock({ $0 }) { usleep(1_000) } } }
        let answer = try await fast.run { 42 }
        #expect(answer == 42)
        release.withLock { $0 = true }
        try await blocked.value
        try await pool.shutdown()
    }

    @Test func workSubmittedAfterThePoolStopsIsRefusedWithAReason() async throws {
        let pool = BlockingPool(threadCount: 1)
        let lane = SerialLane(label: "test.lane", pool: pool)
        try await pool.shutdown()
        await #expect(throws: BlockingPoolError.self) { try await lane.run { 1 } }
    }
}
