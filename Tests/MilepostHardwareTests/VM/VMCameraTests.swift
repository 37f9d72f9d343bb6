import Foundation
import XCTest
@testable import MilepostHardware
import MilepostSystem
import MilepostTesting

/// V4L2 capture from the kernel's vivid driver, in the VM.
final class VMCameraTests: XCTestCase {
    override func setUpWithError() throws { try VMEnvironment.requireVM() }

    func capture(_ format: PixelFormat, frames count: Int) async throws -> [Frame] {
        let device = try VMEnvironment.vividCaptureDevice()
        let camera = V4L2Camera(settings: .init(device: device, format: format, width: 640, height: 360, fps: 30), pool: .forTests)
        try await camera.start()
        defer { camera.stop() }
        var frames: [Frame] = []
        for _ in 0..<count { frames.append(try await camera.nextFrame(timeout: .seconds(5))) }
        return frames
    }

    func assertLooksLikeVividFrames(_ frames: [Frame], file: StaticString = #filePath, line: UInt = #line) {
        let now = SystemMonotonicClock().now()
        for (previous, frame) in zip(frames, frames.dropFirst()) {
            XCTAssertGreaterThanOrEqual(frame.sequence, previous.sequence, file: file, line: line)
            XCTAssertGreaterThan(frame.timestamp, previous.timestamp, file: file, line: line)
        }
        for frame in frames {
            XCTAssertEqual(frame.image.width, 640, file: file, line: line)
            XCTAssertEqual(frame.image.height, 360, file: file, line: line)
            XCTAssertLessThan(now - frame.timestamp, .seconds(10), "timestamps are on CLOCK_MONOTONIC", file: file, line: line)
            // vivid's test pattern is colour bars: the middle row holds many distinct levels.
            let row = frame.image.pixels[(180 * 640)..<(181 * 640)]
            XCTAssertGreaterThan(Set(row).count, 4, file: file, line: line)
        }
    }

    func testCapturesGrey() async throws {
        assertLooksLikeVividFrames(try await capture(.grey, frames: 3))
    }

    func testCapturesYUYVLumaMatchingGrey() async throws {
        let yuyv = try await capture(.yuyv, frames: 3)
        assertLooksLikeVividFrames(yuyv)
        // Same pattern, two formats: the Y plane and the GREY frame show the same bars. vivid
        // uses limited-range luma for YUYV and full range for GREY, so compare by correlation.
        let grey = try await capture(.grey, frames: 1)[0]
        let row = 300 * 640  // below the moving text area
        let a = yuyv[0].image.pixels[row..<(row + 640)].map(Double.init)
        let b = grey.image.pixels[row..<(row + 640)].map(Double.init)
        XCTAssertGreaterThan(correlation(a, b), 0.98)
    }

    func testUnsupportedFormatListsWhatTheDeviceOffers() async throws {
        let device = try VMEnvironment.vividCaptureDevice()
        let camera = V4L2Camera(settings: .init(device: device, format: .mjpeg, width: 640, height: 360, fps: 30), pool: .forTests)
        do {
            try await camera.start()
            XCTFail("vivid has no MJPEG")
        } catch {
            guard case .unsupportedFormat(_, _, let offered) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(offered.contains { $0.fourcc == "GREY" })
            XCTAssertTrue(offered.contains { $0.fourcc == "YUYV" })
        }
    }

    func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let meanA = a.reduce(0, +) / Double(a.count)
        let meanB = b.reduce(0, +) / Double(b.count)
        var covariance = 0.0, varianceA = 0.0, varianceB = 0.0
        for (x, y) in zip(a, b) {
            covariance += (x - meanA) * (y - meanB)
            varianceA += (x - meanA) * (x - meanA)
            varianceB += (y - meanB) * (y - meanB)
        }
        return covariance / max(1e-9, (varianceA * varianceB).squareRoot())
    }
}
