import Hummingbird
import MilepostHotlist
import MilepostSystem

/// Who may use the unit's API. `OfficerTokens` is a fixed set; `OfficerTokenFile` is what
/// the running unit uses.
public protocol OfficerAuthenticating: Sendable {
    /// Who presents `request`'s bearer token, with their role; throws 401 otherwise.
    func credential(for request: Request) async throws -> UnitCredential
}

extension OfficerAuthenticating {
    /// The holder of `request`'s bearer token (whether their role may use the route is
    /// `UnitAccessMiddleware`'s question); throws 401 otherwise.
    public func officer(for request: Request) async throws -> String {
        try await credential(for: request).holder
    }
}

extension OfficerTokens: OfficerAuthenticating {}

/// The unit's tokens file, read again on every authenticated request (a few lines), so a token
/// issued or revoked with `milepost tokens` or by editing the file takes effect without
/// restarting the unit.
/// A missing file means no officers; an unreadable or malformed one refuses everyone.
/// Each request's read runs on `queue` (the unit's notices queue), not on the pool serving HTTP.
public struct OfficerTokenFile: OfficerAuthenticating {
    let path: String
    let fileSystem: any FileSystem
    let queue: SerialLane

    public init(path: String, fileSystem: any FileSystem, queue: SerialLane) {
        self.path = path
        self.fileSystem = fileSystem
        self.queue = queue
    }

    public func current() throws -> OfficerTokens {
        guard fileSystem.exists(path) else { return OfficerTokens(digests: [:]) }
        return try OfficerTokens(fileContents: String(decoding: try fileSystem.readWholeFile(path), as: UTF8.self))
    }

    public func credential(for request: Request) async throws -> UnitCredential {
        let tokens: OfficerTokens
        do { tokens = try await queue.run { [self] in try current() } } catch {
            throw HTTPError(.serviceUnavailable, message: "the unit's tokens file cannot be read: \(error)")
        }
        return try tokens.credential(for: request)
    }
}
