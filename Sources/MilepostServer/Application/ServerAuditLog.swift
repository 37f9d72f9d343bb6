import MilepostCore
import MilepostPolicy
import MilepostSystem

/// The server's own hash-chained audit log (the unit's format, docs/POLICY-FORMATS.md §8):
/// `audit.log` and `audit-checkpoints.log` in the configured audit directory, held under an
/// exclusive lock while the server runs.
public enum ServerAuditLog {
    public static func open(directory: String, clock: any WallClock, fileSystem: any FileSystem = DiskFileSystem()) throws -> AuditLog {
        do {
            try fileSystem.makeDirectories(directory)
            return try AuditLog(storage: FileAuditStorage(path: directory + "/audit.log", fileSystem: fileSystem),
                                checkpoints: FileAuditStorage(path: directory + "/audit-checkpoints.log", fileSystem: fileSystem),
                                clock: clock)
        } catch let error as PolicyError where error.code == .auditUnavailable {
            throw ServerError.auditUnavailable(directory: directory, reason: "its audit.log is held by another process (another milepost-server with this auditDirectory?)")
        } catch let error as PolicyError {
            throw ServerError.auditUnavailable(directory: directory, reason: error.message)
        } catch {
            throw ServerError.auditUnavailable(directory: directory, reason: "\(error)")
        }
    }
}
