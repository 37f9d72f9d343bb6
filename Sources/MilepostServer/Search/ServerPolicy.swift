import MilepostCore
import MilepostPolicy
import MilepostSystem

/// The server's search policy, from `policyDirectory` (docs/server.md, "Searches"): the Chief's
/// public key (`chief.pub`), the newest revocation list (`revocations.paseto`), the server's
/// own time floor (`time-floor`) and approval-use ledger (`search-uses.json`), and the search
/// gate built from them over the units each approval names. The files are the unit's formats
/// (docs/POLICY-FORMATS.md); the uses counted here are the server's own, apart from any unit's.
public final class ServerPolicy: Sendable {
    public let directory: String
    public let documents: DocumentVerifier
    public let revocations: RevocationRegistry
    public let timeFloor: TimeFloor
    public let searchUses: FileSearchUseLedger
    public let gate: SearchGate
    let clock: any WallClock

    public init(directory: String, audit: any AuditRecorder, clock: any WallClock, fileSystem: any FileSystem = DiskFileSystem()) throws {
        self.directory = directory
        self.clock = clock
        do {
            let chief = try KeyStore(fileSystem: fileSystem).loadPublicKey(PathNames.join(directory, "chief.pub"), role: .chief)
            documents = try DocumentVerifier(chief: chief)
            revocations = try RevocationRegistry(fileSystem: fileSystem, path: PathNames.join(directory, "revocations.paseto"), documents: documents)
            timeFloor = try TimeFloor(fileSystem: fileSystem, path: PathNames.join(directory, "time-floor"))
            searchUses = try FileSearchUseLedger(fileSystem: fileSystem, path: PathNames.join(directory, "search-uses.json"))
        } catch let error as PolicyError {
            throw ServerError.policyUnavailable(directory: directory, reason: error.message)
        } catch {
            throw ServerError.policyUnavailable(directory: directory, reason: "\(error)")
        }
        gate = SearchGate(coverage: .approvalUnits, documents: documents, revocations: revocations, timeFloor: timeFloor, ledger: searchUses,
                          audit: audit, clock: clock)
    }

    /// Installs a newer revocation list (verified against the Chief's key, a higher version
    /// than the one held), raising the time floor to its issue time first.
    @discardableResult
    public func installRevocations(_ token: String, document: String) throws -> RevocationList {
        try revocations.install(token, now: clock.now(), document: document, beforeWriting: { try timeFloor.raise(to: $0.issuedAt) }).document
    }
}
