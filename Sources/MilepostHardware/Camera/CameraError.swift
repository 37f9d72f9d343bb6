import SystemPackage

/// Why a camera could not deliver a frame. Each case names the device (or folder).
public enum CameraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `available` lists the /dev/video* nodes that do exist.
    case noSuchDevice(String, available: [String])
    case permissionDenied(String)
    case notACaptureDevice(String, card: String)
    /// The device does not offer the requested format; `offered` lists what it does.
    case unsupportedFormat(String, requested: String, offered: [FormatOffer])
    /// The device vanished mid-stream (unplugged, driver reset); worth reopening.
    case deviceGone(String, Errno)
    case timedOut(String, after: Duration)
    case badFrame(String, reason: String)
    case emptyReplayFolder(String)
    case unreadableFrameFile(String, reason: String)
    case system(operation: String, device: String, Errno)
    /// The unit is stopping: its blocking pool no longer takes work, so no frame is waited for.
    case stopping(String)

    public var description: String {
        switch self {
        case let .noSuchDevice(path, available):
            let list = available.isEmpty ? "no video devices exist on this machine" : "devices that exist: " + available.joined(separator: ", ")
            return "no camera at \(path) (\(list))"
        case let .permissionDenied(path):
            return "permission denied opening \(path) (run as root or add the user to the video group)"
        case let .notACaptureDevice(path, card):
            return "\(path) (\(card)) is not a video capture device with streaming I/O"
        case let .unsupportedFormat(path, requested, offered):
            let list = offered.isEmpty ? "it lists no formats" : "it offers: " + offered.map(\.description).joined(separator: "; ")
            return "\(path) cannot capture \(requested); \(list)"
        case let .deviceGone(path, error):
            return "\(path) went away: \(error)"
        case let .timedOut(path, after):
            return "no frame from \(path) within \(after.milliseconds) ms"
        case let .badFrame(path, reason):
            return "bad frame from \(path): \(reason)"
        case let .emptyReplayFolder(folder):
            return "replay folder \(folder) has no .jpg or .jpeg files"
        case let .unreadableFrameFile(file, reason):
            return "\(file): \(reason)"
        case let .stopping(device):
            return "\(device): the unit is stopping; no frame is waited for"
        case let .system(operation, device, error):
            return "\(operation) failed on \(device): \(error)"
        }
    }

    /// Errors after which reopening the device may help (as opposed to configuration errors).
    public var isTransient: Bool {
        switch self {
        case .deviceGone, .timedOut, .noSuchDevice, .system: true
        default: false
        }
    }
}

/// One format a device offers, with its frame sizes.
public struct FormatOffer: Equatable, Sendable, CustomStringConvertible {
    public var fourcc: String
    public var name: String
    /// Discrete sizes, or a single "min...max" range text for stepwise devices.
    public var sizes: [String]

    public init(fourcc: String, name: String, sizes: [String]) {
        self.fourcc = fourcc
        self.name = name
        self.sizes = sizes
    }

    public var description: String {
        sizes.isEmpty ? "\(fourcc) (\(name))" : "\(fourcc) (\(name)) at \(sizes.joined(separator: ", "))"
    }
}
