import Dispatch
import Foundation
import Hummingbird
import HummingbirdTesting
import MilepostCore
import MilepostImaging
import MilepostRecognition
import MilepostSystem
import Testing

@testable import MilepostService

/// Recognition is milliseconds of integer arithmetic a frame. If it ran on Swift's cooperative
/// pool (one thread a core), a few frames in flight would hold every thread and the unit's
/// HTTP API would stop answering until they finished.
@Suite struct RecognitionOffTheCooperativePoolTests {
    /// Blocks every recognition until released (or for at most `limit`), counting how many
    /// started and how many gave up waiting.
    final class StallingRecognizer: PlateRecognizing {
        let release = DispatchSemaphore(value: 0)
        let inside = Locked(0)
        let timedOut = Locked(0)
        let limit: DispatchTimeInterval

        init(limit: DispatchTimeInterval) { self.limit = limit }

        func recognize(_ frame: LumaImage) -> [PlateReading] {
            inside.withLock { $0 += 1 }
            if release.wait(timeout: .now() + limit) == .timedOut { timedOut.withLock { $0 += 1 } }
            return []
        }
    }

    @Test func healthAnswersWhileMoreRecognitionsThanCoresAreInFlight() async throws {
        let inFlight = 2 * ProcessInfo.processInfo.activeProcessorCount + 2
        let pool = BlockingPool(threadCount: inFlight)
        // Long enough that no recognition gives up while a slow (sanitizer, busy CI) run checks
        // /health; on the cooperative pool they would give up a core's worth at a time.
        let recognizer = StallingRecognizer(limit: .seconds(60))
        let reader = RecognitionPlateReader(recognizer: recognizer, minimumConfidence: 0, pool: pool)
        let frame = CapturedFrame(image: LumaImage(width: 4, height: 4, pixels: [UInt8](repeating: 0, count: 16)),
                                  capturedAtMilliseconds: 0)
        let recognitions = (0..<inFlight).map { _ in Task { try await reader.readPlates(in: frame) } }
        while recognizer.inside.withLock({ $0 }) < inFlight { try await Task.sleep(for: .milliseconds(5)) }
        let gaveUpBeforeAllStarted = recognizer.timedOut.withLock { $0 }

        let router = Router()
        router.get("health") { _, _ -> String in "ok" }
        let slowest = try await Application(router: router).test(.live) { client in
            var slowest = Duration.zero
            for _ in 0..<5 {
                let started = ContinuousClock.now
                let status = try await client.execute(uri: "/health", method: .get) { $0.status }
                #expect(status == .ok)
                slowest = max(slowest, ContinuousClock.now - started)
            }
            return slowest
        }
        let gaveUpBeforeHealthAnswered = recognizer.timedOut.withLock { $0 }
        for _ in 0..<inFlight { recognizer.release.signal() }
        for recognition in recognitions { _ = try await recognition.value }
        #expect(gaveUpBeforeAllStarted == 0, "every recognition ran at once, none waiting for a thread")
        #expect(gaveUpBeforeHealthAnswered == 0,
                "/health answered (slowest \(slowest)) while every recognition was still in flight")
        try await pool.shutdown()
    }
}
