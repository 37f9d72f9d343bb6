import Hummingbird
import MilepostHotlist
import MilepostSystem

/// Who may use the officer API. `OfficerTokens` is a fixed set; `OfficerTokenFile` is what
/// the running unit uses.
public protocol OfficerAuthenticating: Sendable {
    /// The officer presenting `request`'s bearer token; throws 401 otherwise.
    func officer(for request: Request) async throws -> String
}

extension OfficerTokens: OfficerAuthenticating {}

/// The unit's tokens file, read again on every officer request (a few lines, and requests are
/// rare: a stream opened, a disposition posted), so a token issued or revoked with `milepost
/// notices issue-token` or by editing the file takes effect without restarting the unit.
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

    public func officer(for request: Request) async throws -> String {
        let tokens: OfficerTokens
        do { tokens = try await queue.run { [self] in try current() } } catch {
            throw HTTPError(.serviceUnavailable, message: "the unit's officer tokens file cannot be read: \(error)")
        }
        return try tokens.officer(for: request)
    }
}
