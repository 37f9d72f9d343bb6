import CV4L2
import Foundation
import MilepostCore
import SystemPackage
import XCTest
@testable import MilepostHardware
#if canImport(Glibc)
import Glibc
import MilepostSystem
import MilepostTesting
#endif

/// A known image written to vivid's output node comes back bit-exact through the capture
/// node (vivid's HDMI loopback), in the VM.
final class VMLoopbackTests: XCTestCase {
    let width = 1280, height = 720  // vivid's default HDMI timings on both sides
    /// vivid's private "Loop Video" control.
    let loopVideoControl: UInt32 = 0x00f0_f025

    override func setUpWithError() throws { try VMEnvironment.requireVM() }

    /// A YUYV frame whose Y plane is a pattern no driver would produce by itself.
    func knownFrame() -> (yuyv: [UInt8], luma: [UInt8]) {
        var yuyv = [UInt8](repeating: 128, count: width * height * 2)
        var luma = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let value = UInt8(16 + (x * 7 + y * 13 + (x / 37) * (y / 23)) % 220)
                luma[y * width + x] = value
                yuyv[(y * width + x) * 2] = value
            }
        }
        return (yuyv, luma)
    }

    func testImageInjectedThroughLoopbackIsReadBackBitExact() async throws {
        let captureNode = try VMEnvironment.vividCaptureDevice()
        let outputNode = try XCTUnwrap(videoDeviceNodes().first { $0 != captureNode }, "no vivid output node")

        let capture = try V4L2Device.open(captureNode)
        var input: Int32 = 3  // HDMI 0
        try capture.control(CV4L2_VIDIOC_S_INPUT, "VIDIOC_S_INPUT", &input)
        var loop = v4l2_control(id: loopVideoControl, value: 1)
        try capture.control(CV4L2_VIDIOC_S_CTRL, "VIDIOC_S_CTRL loop_video", &loop)
        defer {
            var webcam: Int32 = 0
            var off = v4l2_control(id: loopVideoControl, value: 0)
            _ = capture.tryControl(CV4L2_VIDIOC_S_CTRL, &off)
            _ = capture.tryControl(CV4L2_VIDIOC_S_INPUT, &webcam)
            capture.close()
        }

        let output = try V4L2Device.open(outputNode)
        defer { output.close() }
        var hdmi: Int32 = 1
        try output.control(CV4L2_VIDIOC_S_OUTPUT, "VIDIOC_S_OUTPUT", &hdmi)
        var format = v4l2_format()
        format.type = V4L2_BUF_TYPE_VIDEO_OUTPUT.rawValue
        format.fmt.pix.pixelformat = PixelFormat.yuyv.fourcc
        format.fmt.pix.width = UInt32(width)
        format.fmt.pix.height = UInt32(height)
        format.fmt.pix.field = V4L2_FIELD_NONE.rawValue
        try output.control(CV4L2_VIDIOC_S_FMT, "VIDIOC_S_FMT output", &format)
        XCTAssertEqual(Int(format.fmt.pix.width), width)

        let (yuyv, luma) = knownFrame()
        let writer = FrameWriter(device: output, frame: yuyv)
        try writer.start()
        defer { writer.stop() }

        let camera = V4L2Camera(settings: .init(device: captureNode, format: .yuyv, width: width, height: height, fps: 30), pool: .forTests)
        try await camera.start()
        defer { camera.stop() }
        var exact = 0
        for _ in 0..<40 where exact < 3 {
            let frame = try await camera.nextFrame(timeout: .seconds(5))
            if frame.image.pixels == luma { exact += 1 } else { exact = 0 }
        }
        XCTAssertEqual(exact, 3, "three consecutive captured frames equal the injected image (\(writer.framesWritten) written, last error: \(writer.lastError ?? "none"))")
    }
}

/// Streams the same frame to an output node through mmap buffers, re-queueing each buffer
/// as the driver hands it back, until stopped.
final class FrameWriter: Sendable {
    let device: V4L2Device
    let frame: [UInt8]
    private let running = Locked(true)
    private let written = Locked(0)
    private let failure = Locked<String?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(device: V4L2Device, frame: [UInt8]) {
        self.device = device
        self.frame = frame
    }

    var framesWritten: Int { written.withLock { $0 } }
    var lastError: String? { failure.withLock { $0 } }

    func start() throws {
        let type = V4L2_BUF_TYPE_VIDEO_OUTPUT.rawValue
        var request = v4l2_requestbuffers()
        request.count = 4
        request.type = type
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try device.control(CV4L2_VIDIOC_REQBUFS, "VIDIOC_REQBUFS output", &request)
        for index in 0..<request.count {
            var buffer = v4l2_buffer()
            buffer.index = index
            buffer.type = type
            buffer.memory = V4L2_MEMORY_MMAP.rawValue
            try device.control(CV4L2_VIDIOC_QUERYBUF, "VIDIOC_QUERYBUF output", &buffer)
            let address = try XCTUnwrap(v4l2_mmap(nil, Int(buffer.length), PROT_READ | PROT_WRITE, MAP_SHARED, device.fd, Int64(buffer.m.offset)))
            XCTAssertNotEqual(address, MAP_FAILED)
            frame.withUnsafeBytes { address.copyMemory(from: $0.baseAddress!, byteCount: min($0.count, Int(buffer.length))) }
            buffer.bytesused = UInt32(frame.count)
            buffer.field = V4L2_FIELD_NONE.rawValue
            try device.control(CV4L2_VIDIOC_QBUF, "VIDIOC_QBUF output", &buffer)
        }
        var streamType = Int32(type)
        try device.control(CV4L2_VIDIOC_STREAMON, "VIDIOC_STREAMON output", &streamType)
        Thread.detachNewThread { [self] in
            while running.withLock({ $0 }) {
                guard (try? device.waitReadable(timeout: .milliseconds(100))) != nil else { continue }
                var buffer = v4l2_buffer()
                buffer.type = type
                buffer.memory = V4L2_MEMORY_MMAP.rawValue
                if let error = device.tryControl(CV4L2_VIDIOC_DQBUF, &buffer) {
                    if error != .resourceTemporarilyUnavailable { failure.withLock { $0 = "DQBUF: \(error)" } }
                    usleep(2_000)
                    continue
                }
                buffer.bytesused = UInt32(frame.count)
                if let error = device.tryControl(CV4L2_VIDIOC_QBUF, &buffer) {
                    failure.withLock { $0 = "QBUF: \(error)" }
                } else {
                    written.withLock { $0 += 1 }
                }
            }
            var streamType = Int32(type)
            _ = device.tryControl(CV4L2_VIDIOC_STREAMOFF, &streamType)
            done.signal()
        }
    }

    func stop() {
        running.withLock { $0 = false }
        done.wait()
    }
}
