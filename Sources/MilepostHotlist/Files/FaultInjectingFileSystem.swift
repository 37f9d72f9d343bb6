import MilepostCore

/// An in-memory `DurableFileSystem` for tests that models what survives a power cut:
/// file contents survive only once synced, and a directory entry (creation, rename,
/// removal) survives only once its directory is synced. `powerCut()` throws away
/// everything else. `failOperation(after:with:)` makes the Nth next mutating call fail,
/// which lets a test try every cut point of a sequence of writes.
public final class FaultInjectingFileSystem: DurableFileSystem, Sendable {
    private final class Node: @unchecked Sendable {
        var contents: [UInt8] = []
        var synced: [UInt8] = []
    }

    private struct State {
        var names: [String: Node] = [:]
        var syncedNames: [String: Node] = [:]
        var directories: Set<String> = ["/", "."]
        var open: [Int32: (path: String, node: Node)] = [:]
        var nextHandle: Int32 = 3
        var mutatingCalls = 0
        var failAfter: Int?
        var failWith = Errno.ioError
    }

    private let state = Locked(State())

    public init() {}

    /// Number of mutating calls (create, write, sync, rename, remove...) made so far.
    public var mutatingCalls: Int { state.withLock { $0.mutatingCalls } }

    /// The call `count` mutating calls from now fails with `errno`, as do all after it
    /// until `powerCut()` or `clearFault()`.
    public func failOperation(after count: Int, with errno: Errno = .ioError) {
        state.withLock {
            $0.failAfter = $0.mutatingCalls + count
            $0.failWith = errno
        }
    }

    public func clearFault() { state.withLock { $0.failAfter = nil } }

    /// Loses every unsynced write and directory change, closes every handle, clears faults.
    public func powerCut() {
        state.withLock { state in
            for node in state.syncedNames.values { node.contents = node.synced }
            state.names = state.syncedNames
            state.open = [:]
            state.failAfter = nil
        }
    }

    private func mutate<T>(
        _ operation: String, _ path: String, _ body: (inout State) throws(FileSystemError) -> T
    ) throws(FileSystemError) -> T {
        try state.withLock { (state) throws(FileSystemError) -> T in
            defer { state.mutatingCalls += 1 }
            if let limit = state.failAfter, state.mutatingCalls >= limit {
                throw FileSystemError(operation: operation, path: path, errno: state.failWith)
            }
            return try body(&state)
        }
    }

    public func createFile(_ path: String) throws(FileSystemError) -> FileHandleID {
        try mutate("open", path) { (state) throws(FileSystemError) in
            guard state.directories.contains(Path.directory(of: path)) else {
                throw FileSystemError(operation: "open", path: path, errno: .noSuchFile)
            }
            let node = Node()
            state.names[path] = node
            let handle = state.nextHandle
            state.nextHandle += 1
            state.open[handle] = (path, node)
            return FileHandleID(rawValue: handle)
        }
    }

    public func write(_ handle: FileHandleID, _ bytes: [UInt8]) throws(FileSystemError) {
        try mutate("write", "fd \(handle.rawValue)") { (state) throws(FileSystemError) in
            guard let file = state.open[handle.rawValue] else {
                throw FileSystemError(operation: "write", path: "fd \(handle.rawValue)", errno: .badFileDescriptor)
            }
            file.node.contents += bytes
        }
    }

    public func sync(_ handle: FileHandleID) throws(FileSystemError) {
        try mutate("fsync", "fd \(handle.rawValue)") { (state) throws(FileSystemError) in
            guard let file = state.open[handle.rawValue] else {
                throw FileSystemError(operation: "fsync", path: "fd \(handle.rawValue)", errno: .badFileDescriptor)
            }
            file.node.synced = file.node.contents
        }
    }

    public func close(_ handle: FileHandleID) throws(FileSystemError) {
        state.withLock { _ = $0.open.removeValue(forKey: handle.rawValue) }
    }

    public func rename(_ from: String, to: String) throws(FileSystemError) {
        try mutate("rename", from) { (state) throws(FileSystemError) in
            guard let node = state.names.removeValue(forKey: from) else {
                throw FileSystemError(operation: "rename", path: from, errno: .noSuchFile)
            }
            state.names[to] = node
        }
    }

    public func syncDirectory(_ path: String) throws(FileSystemError) {
        try mutate("fsync", path) { state in
            state.syncedNames = state.syncedNames.filter { Path.directory(of: $0.key) != path }
            for (name, node) in state.names where Path.directory(of: name) == path {
                state.syncedNames[name] = node
            }
        }
    }

    public func readFile(_ path: String) throws(FileSystemError) -> [UInt8] {
        try state.withLock { (state) throws(FileSystemError) -> [UInt8] in
            guard let node = state.names[path] else {
                throw FileSystemError(operation: "open", path: path, errno: .noSuchFile)
            }
            return node.contents
        }
    }

    public func listDirectory(_ path: String) throws(FileSystemError) -> [String] {
        try state.withLock { (state) throws(FileSystemError) -> [String] in
            guard state.directories.contains(path) else {
                throw FileSystemError(operation: "opendir", path: path, errno: .noSuchFile)
            }
            let files = state.names.keys.filter { Path.directory(of: $0) == path }
            let subdirectories = state.directories.filter { $0 != path && Path.directory(of: $0) == path }
            return (files + subdirectories).map(Path.baseName)
        }
    }

    public func removeFile(_ path: String) throws(FileSystemError) {
        try mutate("unlink", path) { (state) throws(FileSystemError) in
            guard state.names.removeValue(forKey: path) != nil else {
                throw FileSystemError(operation: "unlink", path: path, errno: .noSuchFile)
            }
        }
    }

    /// Directories are treated as always durable: the code under test creates them once at
    /// start-up, and their loss is not the failure being modelled.
    public func createDirectory(_ path: String) throws(FileSystemError) {
        try mutate("mkdir", path) { state in
            var prefix = path.hasPrefix("/") ? "" : "."
            for component in path.split(separator: "/") {
                prefix = prefix == "." ? String(component) : prefix + "/" + component
                state.directories.insert(prefix)
            }
        }
    }

    public func fileExists(_ path: String) -> Bool {
        state.withLock { $0.names[path] != nil || $0.directories.contains(path) }
    }
}
