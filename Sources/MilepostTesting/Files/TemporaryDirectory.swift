import Foundation

/// A fresh, empty directory under the system's temporary directory, for one test. Removed by
/// `remove()`; a test that fails keeps it for inspection unless it calls `remove()` in a defer.
public struct TemporaryDirectory: Sendable {
    public let path: String

    /// Creates the directory; `label` starts its name, so a leftover one says which test made it.
    public init(_ label: String) throws {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/\(label)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: "\(base)/\(label)-XXXXXX"])
        }
        path = String(cString: made)
    }

    /// `name` inside the directory.
    public func appending(_ name: String) -> String { path + "/" + name }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
