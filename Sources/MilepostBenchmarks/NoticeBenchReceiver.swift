import Foundation
import MilepostCore
import MilepostHotlist
import MilepostSystem

/// The loopback webhook receiver of the delivery benchmark: verifies signatures, fails on
/// purpose, records the latency of each notice's first accepted delivery.
public final class NoticeBenchReceiver: Sendable {
    private struct State {
        var up = true
        var phase = 0
        var recoveredAtMillis = Int64.max
        var firstReceipt: [String: (latency: Int64, phase: Int, capturedAt: Int64)] = [:]
        var duplicates = 0
        var failedOnPurpose = 0
        var badSignatures = 0
    }

    private let secret: [UInt8]
    private let failRate: Double
    private let now: @Sendable () -> Int64
    private let state = Locked(State())

    /// `now` gives wall-clock milliseconds (the notices' capture times are on the same clock).
    public init(secret: [UInt8], failRate: Double, now: @escaping @Sendable () -> Int64 = { SystemWallClock().now().millisecondsSinceEpoch }) {
        self.secret = secret
        self.failRate = failRate
        self.now = now
    }

    /// Going down starts a new phase: notices captured before the receiver recovered and
    /// received after it went down count as replayed; everything else is live.
    public func setUp(_ up: Bool) {
        let now = now()
        state.withLock {
            $0.up = up
            if !up { $0.phase += 1 } else if $0.phase > 0 { $0.recoveredAtMillis = now }
        }
    }

    public var uniqueCount: Int { state.withLock { $0.firstReceipt.count } }

    /// The HTTP status for one POST: 401 for a bad signature or key, 503 while down or when
    /// failing on purpose, else 200.
    public func receive(body: [UInt8], signature: String?, key: String?) -> Int {
        let now = now()
        guard let signature, let key, WebhookSignature.verify(header: signature, body: body, secret: secret, now: now / 1000),
            let stored = try? JSONDecoder().decode(StoredNotice.self, from: Data(body)), stored.notice.id == key
        else {
            state.withLock { $0.badSignatures += 1 }
            return 401
        }
        return state.withLock { state in
            if !state.up || Double.random(in: 0..<1) < failRate {
                state.failedOnPurpose += 1
                return 503
            }
            if state.firstReceipt[key] != nil {
                state.duplicates += 1
            } else {
                state.firstReceipt[key] = (now - stored.notice.capturedAtMillis, state.phase, stored.notice.capturedAtMillis)
            }
            return 200
        }
    }

    public struct Report: Sendable {
        /// Latencies (ms) of notices captured while the receiver was up.
        public var live: [Int64]
        public var afterRestart: [Int64]
        public var replayed: Int
        public var received: Int
        public var duplicates: Int
        public var failedOnPurpose: Int
        public var badSignatures: Int
        public var lost: Int

        /// The nearest-rank percentile of `values` (default: `live`); 0 of none.
        public func percentile(_ p: Int, of values: [Int64]? = nil) -> Int64 {
            let sorted = (values ?? live).sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, (sorted.count * p + 99) / 100 - 1)]
        }
    }

    /// The figures, with `committed` (every notice id the senders committed) to count the lost.
    public func report(committed: [String]) -> Report {
        state.withLock { state in
            Report(
                live: state.firstReceipt.values.filter { $0.phase == 0 || $0.capturedAt >= state.recoveredAtMillis }.map(\.latency),
                afterRestart: state.firstReceipt.values.filter { $0.phase > 0 && $0.capturedAt >= state.recoveredAtMillis }.map(\.latency),
                replayed: state.firstReceipt.values.filter { $0.phase > 0 && $0.capturedAt < state.recoveredAtMillis }.count,
                received: state.firstReceipt.count, duplicates: state.duplicates, failedOnPurpose: state.failedOnPurpose,
                badSignatures: state.badSignatures, lost: committed.filter { state.firstReceipt[$0] == nil }.count)
        }
    }
}
