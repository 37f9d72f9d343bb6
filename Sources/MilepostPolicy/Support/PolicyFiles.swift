#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MilepostSystem
import SystemPackage

/// The policy layer's file calls: small whole files, replaced atomically, through the system
/// layer's `FileSystem`. Failures become `PolicyError(.io)` whose message names the call, the
/// path and the errno.
extension FileSystem {
    public func readFile(_ path: String) throws -> [UInt8] {
        do { return try readWholeFile(path) } catch { throw error.policyError }
    }

    /// Whether a file is at `path`. A `stat` that fails for another reason than "no such file"
    /// is an error, not an absence: a revocation list or time floor that cannot be looked at must
    /// not be taken for one that was never written.
    public func isPresent(_ path: String) throws -> Bool {
        do { return try status(path) != nil } catch { throw error.policyError }
    }

    public func readText(_ path: String) throws -> String {
        String(decoding: try readFile(path), as: UTF8.self)
    }

    /// Readers see the old or the new content, never a mix, even across power loss. The
    /// temporary file is named for the process, so two processes writing one file never
    /// write into each other's temporary.
    public func writeFileAtomically(_ path: String, _ bytes: [UInt8], permissions: UInt32) throws {
        do {
            try replaceAtomically(
                path, with: bytes, permissions: FilePermissions(rawValue: mode_t(permissions)),
                temporary: path + atomicWriteTemporarySuffix + "\(getpid())")
        } catch {
            throw error.policyError
        }
    }

    /// One directory level; succeeds when it exists.
    public func createDirectory(_ path: String, permissions: UInt32) throws {
        do { try makeDirectory(path, permissions: FilePermissions(rawValue: mode_t(permissions))) } catch { throw error.policyError }
    }

    /// File names in a directory, sorted; empty when the directory does not exist.
    public func listDirectoryIfPresent(_ path: String) throws -> [String] {
        do {
            return try listDirectory(path)
        } catch where error.errno == .noSuchFileOrDirectory {
            return []
        } catch {
            throw error.policyError
        }
    }

    /// Removes a file; a file that is already gone is no error.
    public func removeFile(_ path: String) throws {
        do {
            try unlink(path)
        } catch where error.errno == .noSuchFileOrDirectory {
            return
        } catch {
            throw error.policyError
        }
    }
}

/// `writeFileAtomically` writes `<file>.tmp-<pid>` and renames it over `<file>`.
let atomicWriteTemporarySuffix = ".tmp-"

/// The file name a temporary of `writeFileAtomically` was written for (`name` without its
/// `.tmp-<digits>`), or nil when `name` is not such a temporary.
func atomicWriteTarget(ofTemporary name: String) -> String? {
    guard let marker = name.range(of: atomicWriteTemporarySuffix, options: .backwards) else { return nil }
    let pid = name[marker.upperBound...]
    guard !pid.isEmpty, pid.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return String(name[..<marker.lowerBound])
}

extension FileError {
    var policyError: PolicyError { PolicyError(.io, description) }
}

func joinPath(_ directory: String, _ name: String) -> String { PathNames.join(directory, name) }

func parentDirectory(_ path: String) -> String { PathNames.directory(of: path) }
