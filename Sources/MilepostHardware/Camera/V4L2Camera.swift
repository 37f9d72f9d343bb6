import CV4L2
import MilepostCore
import MilepostImaging
import SystemPackage
#if canImport(Glibc)
import Glibc
import MilepostSystem
#endif

/// A V4L2 capture device streamed through mmap buffers.
public final class V4L2Camera: Camera, Sendable {
    public struct Settings: Equatable, Sendable {
        public var device: String
        public var format: PixelFormat
        public var width: Int
        public var height: Int
        public var fps: Int
        public var exposure: Int?
        public var gain: Int?
        public var bufferCount: Int = 4

        public init(device: String, format: PixelFormat, width: Int, height: Int, fps: Int, exposure: Int? = nil, gain: Int? = nil) {
            self.device = device
            self.format = format
            self.width = width
            self.height = height
            self.fps = fps
            self.exposure = exposure
            self.gain = gain
        }
    }

    private struct Stream {
        var device: V4L2Device
        var buffers: [UnsafeMutableRawBufferPointer]
        var bytesPerLine: Int
        var card: String
    }

    public let settings: Settings
    private let clock: any MonotonicClock
    private let pool: BlockingPool
    private let stream = Locked<Stream?>(nil)
    /// Controls the board asked for that this device does not offer (reported, not fatal).
    public var controlsNotOffered: [String] { notOffered.withLock { $0 } }
    private let notOffered = Locked<[String]>([])

    public init(settings: Settings, pool: BlockingPool, clock: any MonotonicClock = SystemMonotonicClock()) {
        self.settings = settings
        self.pool = pool
        self.clock = clock
    }

    deinit { stop() }

    public var summary: String {
        let card = stream.withLock { $0?.card }
        return "\(settings.device)\(card.map { " (\($0))" } ?? "") \(settings.format.rawValue) \(settings.width)x\(settings.height) @ \(settings.fps) fps"
    }

    /// The formats the device offers, without starting it (for `board check`).
    public static func offers(device path: String) throws(CameraError) -> (card: String, offers: [FormatOffer]) {
        let device = try V4L2Device.open(path)
        defer { device.close() }
        let caps = try device.capability()
        return (withUnsafeBytes(of: caps.card) { cString($0) }, device.formatOffers())
    }

    public func start() async throws(CameraError) {
        stop()
        let device = try V4L2Device.open(settings.device)
        do throws(CameraError) {
            let opened = try configure(device)
            stream.withLock { $0 = opened }
        } catch {
            device.close()
            throw error
        }
    }

    private func configure(_ device: V4L2Device) throws(CameraError) -> Stream {
        let caps = try device.capability()
        let card = withUnsafeBytes(of: caps.card) { cString($0) }
        let reported = caps.capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0 ? caps.device_caps : caps.capabilities
        guard reported & UInt32(V4L2_CAP_VIDEO_CAPTURE) != 0, reported & UInt32(V4L2_CAP_STREAMING) != 0 else {
            throw .notACaptureDevice(settings.device, card: card)
        }
        let requested = "\(settings.format.rawValue) \(settings.width)x\(settings.height)"
        let offers = device.formatOffers()
        guard offers.contains(where: { $0.fourcc == settings.format.rawValue }) else {
            throw .unsupportedFormat(settings.device, requested: requested, offered: offers)
        }

        var format = v4l2_format()
        format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        format.fmt.pix.pixelformat = settings.format.fourcc
        format.fmt.pix.width = UInt32(settings.width)
        format.fmt.pix.height = UInt32(settings.height)
        format.fmt.pix.field = V4L2_FIELD_NONE.rawValue
        try device.control(CV4L2_VIDIOC_S_FMT, "VIDIOC_S_FMT", &format)
        // Drivers adjust what they cannot do instead of failing; check what we got.
        guard format.fmt.pix.pixelformat == settings.format.fourcc,
              Int(format.fmt.pix.width) == settings.width, Int(format.fmt.pix.height) == settings.height else {
            throw .unsupportedFormat(settings.device, requested: requested, offered: offers)
        }

        var parameters = v4l2_streamparm()
        parameters.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        parameters.parm.capture.timeperframe = v4l2_fract(numerator: 1, denominator: UInt32(settings.fps))
        _ = device.tryControl(CV4L2_VIDIOC_S_PARM, &parameters)  // optional: not every driver sets a rate

        notOffered.withLock { $0 = [] }
        if let exposure = settings.exposure {
            var manual = v4l2_control(id: CV4L2_CID_EXPOSURE_AUTO, value: Int32(V4L2_EXPOSURE_MANUAL.rawValue))
            _ = device.tryControl(CV4L2_VIDIOC_S_CTRL, &manual)
            if !setControl(device, CV4L2_CID_EXPOSURE_ABSOLUTE, exposure), !setControl(device, CV4L2_CID_EXPOSURE, exposure) {
                notOffered.withLock { $0.append("exposure") }
            }
        }
        if let gain = settings.gain, !setControl(device, CV4L2_CID_GAIN, gain) {
            notOffered.withLock { $0.append("gain") }
        }

        var request = v4l2_requestbuffers()
        request.count = UInt32(settings.bufferCount)
        request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try device.control(CV4L2_VIDIOC_REQBUFS, "VIDIOC_REQBUFS", &request)
        var buffers: [UnsafeMutableRawBufferPointer] = []
        do throws(CameraError) {
            for index in 0..<request.count {
                var buffer = v4l2_buffer()
                buffer.index = index
                buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
                buffer.memory = V4L2_MEMORY_MMAP.rawValue
                try device.control(CV4L2_VIDIOC_QUERYBUF, "VIDIOC_QUERYBUF", &buffer)
                guard let address = v4l2_mmap(nil, Int(buffer.length), PROT_READ | PROT_WRITE, MAP_SHARED, device.fd, Int64(buffer.m.offset)),
                      address != MAP_FAILED else {
                    throw .system(operation: "mmap", device: settings.device, Errno(rawValue: errno))
                }
                buffers.append(UnsafeMutableRawBufferPointer(start: address, count: Int(buffer.length)))
                try device.control(CV4L2_VIDIOC_QBUF, "VIDIOC_QBUF", &buffer)
            }
            var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
            try device.control(CV4L2_VIDIOC_STREAMON, "VIDIOC_STREAMON", &type)
        } catch {
            for buffer in buffers { _ = v4l2_munmap(buffer.baseAddress, buffer.count) }
            throw error
        }
        return Stream(device: device, buffers: buffers, bytesPerLine: Int(format.fmt.pix.bytesperline), card: card)
    }

    /// Sets a control if the device offers it and it is not disabled.
    private func setControl(_ device: V4L2Device, _ id: UInt32, _ value: Int) -> Bool {
        var query = v4l2_queryctrl()
        query.id = id
        guard device.tryControl(CV4L2_VIDIOC_QUERYCTRL, &query) == nil, query.flags & UInt32(V4L2_CTRL_FLAG_DISABLED) == 0 else {
            return false
        }
        var control = v4l2_control(id: id, value: Int32(clamping: min(max(value, Int(query.minimum)), Int(query.maximum))))
        return device.tryControl(CV4L2_VIDIOC_S_CTRL, &control) == nil
    }

    public func nextFrame(timeout: Duration) async throws(CameraError) -> Frame {
        try await pool.runCameraWork(device: settings.device) { () throws(CameraError) -> Frame in
            try self.waitForFrame(timeout: timeout)
        }
    }

    /// Dequeues the next filled buffer, waiting in poll(2) for up to `timeout`: blocks.
    private func waitForFrame(timeout: Duration) throws(CameraError) -> Frame {
        guard let current = stream.withLock({ $0 }) else {
            throw .system(operation: "read frame", device: settings.device, .invalidArgument)
        }
        let device = current.device
        let deadline = clock.now() + timeout
        while true {
            var buffer = v4l2_buffer()
            buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            buffer.memory = V4L2_MEMORY_MMAP.rawValue
            switch device.tryControl(CV4L2_VIDIOC_DQBUF, &buffer) {
            case nil:
                defer { _ = device.tryControl(CV4L2_VIDIOC_QBUF, &buffer) }
                let data = UnsafeRawBufferPointer(rebasing: current.buffers[Int(buffer.index)].prefix(Int(buffer.bytesused)))
                let image = try LumaConversion.convert(data, format: settings.format, width: settings.width, height: settings.height,
                                                       bytesPerLine: current.bytesPerLine, device: settings.device)
                let monotonic = buffer.flags & UInt32(V4L2_BUF_FLAG_TIMESTAMP_MASK) == UInt32(V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC)
                let timestamp = monotonic ? MonotonicInstant(timeval: buffer.timestamp) : clock.now()
                return Frame(image: image, timestamp: timestamp, sequence: UInt64(buffer.sequence))
            case .resourceTemporarilyUnavailable?:
                let remaining = deadline - clock.now()
                guard remaining > .zero else { throw .timedOut(settings.device, after: timeout) }
                _ = try device.waitReadable(timeout: remaining)
            case let error? where error.isDeviceGone:
                throw .deviceGone(settings.device, error)
            case let error?:
                throw .system(operation: "VIDIOC_DQBUF", device: settings.device, error)
            }
        }
    }

    public func stop() {
        guard let current = stream.withLock({ value -> Stream? in
            defer { value = nil }
            return value
        }) else { return }
        var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
        _ = current.device.tryControl(CV4L2_VIDIOC_STREAMOFF, &type)
        for buffer in current.buffers { _ = v4l2_munmap(buffer.baseAddress, buffer.count) }
        current.device.close()
    }
}
