extension DurableFileSystem {
    /// Replaces `path` with `bytes` so that after a crash or power cut the file holds either
    /// its old contents or the new ones, never a mixture: write a temporary file beside it,
    /// fsync it, rename it over the target, then fsync the directory so the rename survives.
    public func writeAtomically(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        let temporary = path + ".tmp"
        let handle = try createFile(temporary)
        do {
            try write(handle, bytes)
            try sync(handle)
        } catch {
            try? close(handle)
            try? removeFile(temporary)
            throw error
        }
        try close(handle)
        try rename(temporary, to: path)
        try syncDirectory(Path.directory(of: path))
    }

    /// Removes a file and makes the removal durable.
    public func removeDurably(_ path: String) throws(FileSystemError) {
        try removeFile(path)
        try syncDirectory(Path.directory(of: path))
    }
}

/// Slash-separated path helpers (no Foundation needed in the file layer).
public enum Path {
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    public static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
