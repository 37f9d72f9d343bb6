import SystemPackage

extension FileSystem {
    /// Whether anything exists at `path` (a failing `stat` counts as no).
    public func exists(_ path: String) -> Bool {
        (try? status(path)) != nil
    }

    /// The whole contents of a file.
    public func readWholeFile(_ path: String) throws(FileError) -> [UInt8] {
        let file = try openFileReadOnly(path)
        defer { file.close() }
        return try file.read(count: Int(try file.size()), at: 0)
    }

    /// `mkdir(2)` for `path` and each missing parent.
    public func makeDirectories(_ path: String, permissions: FilePermissions = .defaultDirectory) throws(FileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            try makeDirectory(prefix, permissions: permissions)
            prefix += "/"
        }
    }
}

extension FilePermissions {
    /// rwxr-x---: the mode of every directory the unit makes unless told otherwise.
    public static let defaultDirectory: FilePermissions = [.ownerReadWriteExecute, .groupRead, .groupExecute]
}

extension OpenFile {
    /// Reads exactly `count` bytes or fails with EIO naming the short read.
    public func readExactly(count: Int, at offset: Int64) throws(FileError) -> [UInt8] {
        let bytes = try read(count: count, at: offset)
        guard bytes.count == count else {
            throw FileError("pread (short: \(bytes.count) of \(count) bytes at \(offset))", path: path, errno: .ioError)
        }
        return bytes
    }
}

extension FileSystem {
    /// `open(2)` for reading and writing; creates the file (mode 0640) when `create` is true.
    public func openFile(_ path: String, create: Bool) throws(FileError) -> any OpenFile {
        try openFile(path, creatingWith: create ? DiskFileSystem.defaultFilePermissions : nil)
    }

    /// `mkdir(2)` with the default directory mode; succeeds when the directory exists.
    public func makeDirectory(_ path: String) throws(FileError) {
        try makeDirectory(path, permissions: .defaultDirectory)
    }
}
