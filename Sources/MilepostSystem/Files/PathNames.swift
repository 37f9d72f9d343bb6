import SystemPackage

/// Slash-separated path helpers over swift-system's `FilePath`.
public enum PathNames {
    /// The directory holding `path`: `"."` for a bare name, `"/"` for a name in the root.
    public static func directory(of path: String) -> String {
        let parent = FilePath(path).removingLastComponent().string
        return parent.isEmpty ? "." : parent
    }

    /// The last component of `path`.
    public static func baseName(_ path: String) -> String {
        FilePath(path).lastComponent?.string ?? path
    }

    /// `name` inside `directory`.
    public static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
