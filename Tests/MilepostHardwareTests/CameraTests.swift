import MilepostCore
import Foundation
import MilepostImaging
import XCTest
@testable import MilepostHardware
import MilepostSystem
import MilepostTesting
import MilepostHardwareTesting

final class CameraTests: XCTestCase {
    let clock = VirtualClock()

    func testMissingV4L2DeviceListsTheDevicesThatExist() async {
        let camera = V4L2Camera(settings: .init(device: "/dev/video-milepost-missing", format: .grey, width: 640, height: 480, fps: 30), pool: .forTests)
        do {
            try await camera.start()
            XCTFail("started a missing device")
        } catch {
            guard case .noSuchDevice(let path, let available) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/dev/video-milepost-missing")
            XCTAssertEqual(available, videoDeviceNodes())
            XCTAssertTrue(error.description.contains("no camera at /dev/video-milepost-missing"))
        }
    }

    func testUnsupportedFormatMessageListsTheOffers() {
        let error = CameraError.unsupportedFormat("/dev/video0", requested: "MJPG 1280x720",
                                                  offered: [FormatOffer(fourcc: "YUYV", name: "YUYV 4:2:2", sizes: ["640x480", "1280x720"])])
        XCTAssertEqual(error.description, "/dev/video0 cannot capture MJPG 1280x720; it offers: YUYV (YUYV 4:2:2) at 640x480, 1280x720")
    }

    func testPatternCameraIsPacedAndDeterministic() async throws {
        let camera = PatternCamera(width: 64, height: 32, fps: 20, clock: clock)
        try await camera.start()
        let start = clock.now()
        var frames: [Frame] = []
        for _ in 0..<3 { frames.append(try await camera.nextFrame(timeout: .seconds(1))) }
        XCTAssertEqual(frames.map { $0.timestamp - start }, [.zero, .milliseconds(50), .milliseconds(100)])
        XCTAssertEqual(frames.map(\.sequence), [0, 1, 2])
        XCTAssertEqual(frames[2].image, PatternCamera.image(width: 64, height: 32, sequence: 2))
        XCTAssertNotEqual(frames[1].image, frames[2].image)
    }

    func testReplayCameraPlaysJPEGsInOrderAtTheRateAndLoops() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var expected: [LumaImage] = []
        for index in 0..<2 {
            let jpeg = try JPEG.encodeGrey(PatternCamera.image(width: 32, height: 16, sequence: UInt64(index * 7)), quality: 90)
            try Data(jpeg).write(to: folder.appendingPathComponent("frame\(index).jpg"))
            expected.append(try JPEG.decodeLuma(jpeg))
        }
        try Data("not an image".utf8).write(to: folder.appendingPathComponent("notes.txt"))

        let camera = ReplayCamera(folder: folder.path, fps: 4, pool: .forTests, clock: clock)
        try await camera.start()
        let start = clock.now()
        var frames: [Frame] = []
        for _ in 0..<3 { frames.append(try await camera.nextFrame(timeout: .seconds(1))) }
        XCTAssertEqual(frames.map(\.image), [expected[0], expected[1], expected[0]])
        XCTAssertEqual(frames.map { $0.timestamp - start }, [.zero, .milliseconds(250), .milliseconds(500)])
    }

    func testReplayCameraPlaysEachPhotographAsAnApproachingPassWhenFramesComeInABurst() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var photographs: [LumaImage] = []
        for index in 0..<2 {
            let jpeg = try JPEG.encodeGrey(PatternCamera.image(width: 32, height: 16, sequence: UInt64(index * 7)), quality: 90)
            try Data(jpeg).write(to: folder.appendingPathComponent("frame\(index).jpg"))
            photographs.append(try JPEG.decodeLuma(jpeg))
        }
        let camera = ReplayCamera(folder: folder.path, fps: 10, passFrames: 3, pool: .forTests, clock: clock)
        try await camera.start()
        var frames: [Frame] = []
        // Four frames 100 ms apart (a pass of three, then the next photograph), a pause, then one more.
        for _ in 0..<4 { frames.append(try await camera.nextFrame(timeout: .seconds(1))) }
        clock.advance(by: .seconds(2))
        frames.append(try await camera.nextFrame(timeout: .seconds(3)))
        let vehicle = ApproachingVehicle()
        XCTAssertEqual(frames.map(\.image), [
            vehicle.frame(photographs[0], step: 0, of: 3, seed: 0), vehicle.frame(photographs[0], step: 1, of: 3, seed: 1),
            vehicle.frame(photographs[0], step: 2, of: 3, seed: 2), vehicle.frame(photographs[1], step: 0, of: 3, seed: 3),
            vehicle.frame(photographs[0], step: 0, of: 3, seed: 4),
        ])
    }

    func testReplayCameraErrorsNameTheFolderOrFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let camera = ReplayCamera(folder: folder.path, fps: 4, pool: .forTests, clock: clock)
        do { try await camera.start(); XCTFail() } catch { XCTAssertEqual(error, .emptyReplayFolder(folder.path)) }

        try Data([0xFF, 0xD8, 1, 2, 3]).write(to: folder.appendingPathComponent("broken.jpg"))
        try await camera.start()
        do {
            _ = try await camera.nextFrame(timeout: .seconds(1))
            XCTFail()
        } catch {
            guard case .unreadableFrameFile(let file, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(file.hasSuffix("broken.jpg"))
        }
    }
}
