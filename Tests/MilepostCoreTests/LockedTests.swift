import Foundation
import MilepostCore
import Testing

@Suite struct LockedTests {
    @Test func incrementsFromManyThreadsAreNeverLost() async {
        let counts = Locked([Int](repeating: 0, count: 4))
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for _ in 0..<20_000 { counts.withLock { $0[worker] += 1; $0[(worker + 1) % 4] += 1 } }
                }
            }
        }
        #expect(counts.withLock { $0 } == [40_000, 40_000, 40_000, 40_000])
    }

    enum Refusal: Error, Equatable { case refused }

    @Test func aTypedThrowLeavesTheValueAsTheBodyLeftItAndReleasesTheLock() {
        let value = Locked(1)
        #expect(throws: Refusal.refused) {
            try value.withLock { (number: inout Int) throws(Refusal) in
                number = 2
                throw .refused
            }
        }
        #expect(value.withLock { $0 } == 2)
    }
}
