import CV4L2
import MilepostSystem
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// A thin typed wrapper over an open V4L2 device node: every ioctl goes through `control`,
/// which retries EINTR and turns errno into a `CameraError` naming the device.
struct V4L2Device {
    let path: String
    let fd: Int32

    static func open(_ path: String) throws(CameraError) -> V4L2Device {
        let opened = retryingInterrupts { Glibc.open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC) }
        switch opened {
        case .success(let fd):
            // Pass-through mode: libv4l2 must not fake formats the device does not have.
            _ = v4l2_fd_open(fd, Int32(V4L2_DISABLE_CONVERSION))
            return V4L2Device(path: path, fd: fd)
        case .failure(let error) where error == .noSuchFileOrDirectory || error == .operationNotSupportedByDevice || error == .noSuchAddressOrDevice:
            throw .noSuchDevice(path, available: videoDeviceNodes())
        case .failure(let error) where error.isPermissionProblem:
            throw .permissionDenied(path)
        case .failure(let error):
            throw .system(operation: "open", device: path, error)
        }
    }

    func close() {
        _ = v4l2_close(fd)
    }

    /// One ioctl. `operation` is the request's name for error messages.
    func control<T>(_ request: UInt, _ operation: String, _ argument: inout T) throws(CameraError) {
        let result = withUnsafeMutablePointer(to: &argument) { pointer in
            retryingInterrupts { cv4l2_ioctl(fd, request, pointer) }
        }
        if case .failure(let error) = result {
            if error.isDeviceGone { throw .deviceGone(path, error) }
            throw .system(operation: operation, device: path, error)
        }
    }

    /// Like `control`, but returns the errno instead of throwing (for enumerations that end
    /// with EINVAL, and optional features that answer ENOTTY).
    func tryControl<T>(_ request: UInt, _ argument: inout T) -> Errno? {
        let result = withUnsafeMutablePointer(to: &argument) { pointer in
            retryingInterrupts { cv4l2_ioctl(fd, request, pointer) }
        }
        if case .failure(let error) = result { return error }
        return nil
    }

    /// Waits for a filled buffer. false on timeout.
    func waitReadable(timeout: Duration) throws(CameraError) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let millis = Int32(clamping: max(0, timeout.totalNanoseconds / 1_000_000))
        switch retryingInterrupts({ poll(&pfd, 1, millis) }) {
        case .success(0): return false
        case .success:
            if pfd.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0, pfd.revents & Int16(POLLIN) == 0 {
                throw .deviceGone(path, .operationNotSupportedByDevice)
            }
            return true
        case .failure(let error): throw .system(operation: "poll", device: path, error)
        }
    }

    // MARK: Queries

    func capability() throws(CameraError) -> v4l2_capability {
        var caps = v4l2_capability()
        try control(CV4L2_VIDIOC_QUERYCAP, "VIDIOC_QUERYCAP", &caps)
        return caps
    }

    /// Every capture format with its frame sizes.
    func formatOffers() -> [FormatOffer] {
        var offers: [FormatOffer] = []
        var index: UInt32 = 0
        while true {
            var description = v4l2_fmtdesc()
            description.index = index
            description.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            guard tryControl(CV4L2_VIDIOC_ENUM_FMT, &description) == nil else { break }
            let name = withUnsafeBytes(of: description.description) { cString($0) }
            offers.append(FormatOffer(fourcc: FourCC(code: description.pixelformat).description, name: name,
                                      sizes: frameSizes(description.pixelformat)))
            index += 1
        }
        return offers
    }

    private func frameSizes(_ pixelFormat: UInt32) -> [String] {
        var sizes: [String] = []
        var index: UInt32 = 0
        while sizes.count < 64 {
            var size = v4l2_frmsizeenum()
            size.index = index
            size.pixel_format = pixelFormat
            guard tryControl(CV4L2_VIDIOC_ENUM_FRAMESIZES, &size) == nil else { break }
            if size.type == V4L2_FRMSIZE_TYPE_DISCRETE.rawValue {
                sizes.append("\(size.discrete.width)x\(size.discrete.height)")
            } else {
                let s = size.stepwise
                sizes.append("\(s.min_width)x\(s.min_height) to \(s.max_width)x\(s.max_height)")
                break
            }
            index += 1
        }
        return sizes
    }
}

/// The /dev/video* nodes, sorted.
func videoDeviceNodes() -> [String] {
    guard let dir = opendir("/dev") else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { cString($0) }
        if name.hasPrefix("video"), Int(name.dropFirst(5)) != nil { names.append("/dev/" + name) }
    }
    return names.sorted { Int($0.dropFirst(10))! < Int($1.dropFirst(10))! }
}

/// A fixed-size C char array (imported as a tuple) as a String.
func cString(_ raw: UnsafeRawBufferPointer) -> String {
    let bytes = raw.prefix { $0 != 0 }
    return String(decoding: bytes, as: UTF8.self)
}
