import MilepostCore
import MilepostImaging
import XCTest
@testable import MilepostHardware
import MilepostHardwareTesting

final class ResilientCameraTests: XCTestCase {
    let clock = VirtualClock()
    let image = LumaImage(width: 2, height: 1, pixels: [7, 9])
    let gone = CameraError.deviceGone("/dev/video0", .operationNotSupportedByDevice)
    let missing = CameraError.noSuchDevice("/dev/video0", available: [])

    func testDeviceThatDisappearsIsReopenedWithGrowingBackoff() async throws {
        // A frame, then the device vanishes; it is missing for three attempts, then returns.
        let inner = ScriptedCamera(startResults: [nil, missing, missing, missing, nil],
                                   steps: [.frame(image), .fail(gone), .frame(image)], clock: clock)
        let problems = Locked<[Duration]>([])
        let camera = ResilientCamera(inner, clock: clock, backoff: .init(initial: .milliseconds(100), maximum: .seconds(1)),
                                     onProblem: { _, delay in problems.withLock { $0.append(delay) } })
        let start = clock.now()
        try await camera.start()
        _ = try await camera.nextFrame(timeout: .seconds(1))
        let frame = try await camera.nextFrame(timeout: .seconds(1))
        XCTAssertEqual(frame.image, image)
        XCTAssertEqual(problems.withLock { $0 }, [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800)])
        XCTAssertEqual(clock.now() - start, .milliseconds(1500), "waited, did not spin")
        XCTAssertEqual(inner.startCount, 5)
        XCTAssertEqual(camera.reopenCount, 1)
    }

    func testBackoffIsCappedAndResetsAfterAFrame() async throws {
        let inner = ScriptedCamera(startResults: Array(repeating: missing, count: 6) + [nil, missing, nil],
                                   steps: [.frame(image), .fail(gone), .frame(image)], clock: clock)
        let problems = Locked<[Duration]>([])
        let camera = ResilientCamera(inner, clock: clock, backoff: .init(initial: .milliseconds(100), maximum: .milliseconds(500)),
                                     onProblem: { _, delay in problems.withLock { $0.append(delay) } })
        _ = try await camera.nextFrame(timeout: .seconds(1))
        _ = try await camera.nextFrame(timeout: .seconds(1))
        XCTAssertEqual(problems.withLock { $0 }.map(\.milliseconds),
                       [100, 200, 400, 500, 500, 500, /* after a good frame: */ 100, 200])
    }

    func testConfigurationErrorsAreNotRetried() async {
        let wrongFormat = CameraError.unsupportedFormat("/dev/video0", requested: "MJPG 640x480", offered: [])
        let inner = ScriptedCamera(startResults: [wrongFormat], steps: [], clock: clock)
        let camera = ResilientCamera(inner, clock: clock)
        do {
            _ = try await camera.nextFrame(timeout: .seconds(1))
            XCTFail()
        } catch {
            XCTAssertEqual(error, wrongFormat)
        }
        XCTAssertEqual(inner.startCount, 1)
    }

    func testCancellationEndsTheWait() async {
        let inner = ScriptedCamera(startResults: Array(repeating: missing, count: 1000), steps: [], clock: clock)
        let camera = ResilientCamera(inner, clock: clock)
        // The task cancels itself before waiting, so the outcome does not depend on whether
        // it runs before or after the test thread gets to cancel it.
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await camera.nextFrame(timeout: .seconds(1))
        }
        let result = await task.result
        XCTAssertThrowsError(try result.get())
        XCTAssertLessThan(inner.startCount, 1000)
    }
}
