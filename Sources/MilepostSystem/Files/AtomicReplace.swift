import SystemPackage

extension FileSystem {
    /// Replaces `path` with `bytes` so that after a crash or power cut it holds either its
    /// old contents or the new ones, never a mixture: the bytes go to `temporary` (default
    /// `path + ".tmp"`, beside the target), which is fsynced, renamed over `path`, and then
    /// the directory is fsynced so the rename survives. On failure before the rename the
    /// temporary file is removed and `path` is untouched.
    public func replaceAtomically(
        _ path: String, with bytes: [UInt8], permissions: FilePermissions = DiskFileSystem.defaultFilePermissions,
        temporary: String? = nil
    ) throws(FileError) {
        let temporary = temporary ?? path + ".tmp"
        do throws(FileError) {
            let file = try createFile(temporary, permissions: permissions)
            defer { file.close() }
            try file.write(bytes, at: 0)
            try file.sync()
            try rename(temporary, to: path)
        } catch {
            try? unlink(temporary)
            throw error
        }
        try syncDirectory(PathNames.directory(of: path))
    }

    /// Removes the temporaries that writes interrupted by a crash or power cut left in
    /// `directory` (the names `isLeftover` accepts), then syncs the directory once so they stay
    /// gone; returns the names removed. Call it only while no write into `directory` is under
    /// way. A missing directory has none.
    @discardableResult
    public func removeLeftoverTemporaries(in directory: String, where isLeftover: (String) -> Bool) throws(FileError) -> [String] {
        let names: [String]
        do throws(FileError) {
            names = try listDirectory(directory).filter(isLeftover)
        } catch where error.errno == .noSuchFileOrDirectory {
            return []
        }
        for name in names { try unlink(PathNames.join(directory, name)) }
        if !names.isEmpty { try syncDirectory(directory) }
        return names
    }

    /// Removes a file and makes the removal durable.
    public func removeDurably(_ path: String) throws(FileError) {
        try unlink(path)
        try syncDirectory(PathNames.directory(of: path))
    }
}
