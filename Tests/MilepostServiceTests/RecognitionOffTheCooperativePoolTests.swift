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

        func recognize(_ frame: GreyImage) -> [PlateReading] {
            inside.withLock { $0 += 1 }
            if release.wait(timeout: .now() + limit) == .timedOut { timedOut.withLock { $0 += 1 } }
            return []
        }
    }

    @Test func healthAnswersPromptlyWhileMoreRecognitionsThanCoresAreInFlight() async throws {
        let inFlight = 2 * ProcessInfo.processInfo.activeProcessorCount + 2
        let pool = BlockingPool(threadCount: inFlight)
        let recognizer = StallingRecognizer(limit: .seconds(5))
        let reader = RecognitionPlateReader(recognizer: recognizer, minimumConfidence: 0, pool: pool)
        let frame = CapturedFrame(image: LumaImage(width: 4, height: 4, pixels: [UInt8](repeating: 0, count: 16)),
                                  capturedAtMilliseconds: 0)
        let recognitions = (0..<inFlight).map { _ in Task { try await reader.readPlates(in: frame) } }
        while recognizer.inside.withLock({ $0 }) < inFlight { try await Task.sleep(for: .milliseconds(5)) }

        let router = Router()
        router.get("health") { _, _ -> String in "ok" }
        let slowest = try await Application(router: router).test(.live) { client in
            var slowest = Duration.zero
            for _ in 0..<20 {
                let started = ContinuousClock.now
                let status = try await client.execute(uri: "/health", method: .get) { $0.status }
                #expect(status == .ok)
                slowest = max(slowest, ContinuousClock.now - started)
            }
            return slowest
        }
        // On the cooperative pool the recognitions could only start a core's worth at a time,
        // each batch once the one before gave up waiting.
        #expect(recognizer.timedOut.withLock { $0 } == 0, "every recognition ran at once, still waiting while /health answered")
        for _ in 0..<inFlight { recognizer.release.signal() }
        for recognition in recognitions { _ = try await recognition.value }
        // The recognitions stall for up to 5 s; on the cooperative pool /health would wait that long.
        #expect(slowest < .seconds(1), "slowest /health took \(slowest)")
        try await pool.shutdown()
    }
}
