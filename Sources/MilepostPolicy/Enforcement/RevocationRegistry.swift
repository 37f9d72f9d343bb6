import Foundation
import MilepostCore
import MilepostSystem

/// Holds the newest signed revocation list. Installs must carry a strictly higher version;
/// revocations stay in force even after the list expires, but an expired or missing list
/// blocks new searches (fail closed).
public final class RevocationRegistry: @unchecked Sendable {  // `list` is read and written only under `lock`
    private let fileSystem: any FileSystem
    public let path: String
    private let documents: DocumentVerifier
    private let lock = NSLock()
    private var list: Verified<RevocationList>?
    /// The signed token of `list`, exactly as written to `path`.
    private var token: String?

    public init(fileSystem: any FileSystem, path: String, documents: DocumentVerifier) throws {
        self.fileSystem = fileSystem
        self.path = path
        self.documents = documents
        if try fileSystem.isPresent(path) {
            let text = try fileSystem.readText(path).trimmingCharacters(in: .whitespacesAndNewlines)
            list = try Self.verifyAsIssued(text, documents: documents, document: path)
            token = text
        }
    }

    /// Re-checked as of its own issue time: a designee's delegation ending later must not make
    /// the unit forget what it revoked.
    public static func verifyAsIssued(_ token: String, documents: DocumentVerifier, document: String) throws -> Verified<RevocationList> {
        let issuedAt = try SignedDocument.unverifiedPayload(of: token, as: RevocationList.self, document: document).issuedAt
        return try documents.verify(token, as: RevocationList.self, now: issuedAt, document: document)
    }

    /// Takes back a list this unit installed before (its token as the audit log recorded it)
    /// when it is newer than the one held, and writes it to `path`. Returns whether it did.
    public func restore(installedToken: String, document: String) throws -> Bool {
        try lock.withLock {
            let verified = try Self.verifyAsIssued(installedToken, documents: documents, document: document)
            if let held = list, verified.document.version <= held.document.version { return false }
            try write(installedToken)
            list = verified
            return true
        }
    }

    /// Rewrites `path` from the list held in memory when the file is missing, unreadable or
    /// holds an older version (or `force`). Returns whether it rewrote the file.
    public func repairFile(force: Bool = false) throws -> Bool {
        try lock.withLock {
            guard let held = list, let token else { return false }
            if !force, try fileSystem.isPresent(path),
               let onDisk = try? SignedDocument.unverifiedPayload(of: try fileSystem.readText(path), as: RevocationList.self, document: path),
               onDisk.version >= held.document.version {
                return false
            }
            try write(token)
            return true
        }
    }

    private func write(_ token: String) throws {
        try fileSystem.writeFileAtomically(path, Array((token + "\n").utf8), permissions: PolicyStateFiles.permissions)
    }

    public var current: RevocationList? { lock.withLock { list?.document } }

    public var revokedIDs: Set<String> { lock.withLock { list?.document.revokedIDs ?? [] } }

    /// Verifies and stores a newer list. Returns it; throws `.revocationListReplayed` for a
    /// version not above the one held.
    @discardableResult
    /// `beforeWriting` runs once the list is verified and before it is written: the unit raises
    /// its time floor there, so a list is never in force with a floor below its issue time.
    public func install(_ token: String, now: UTCTime, document: String,
                        beforeWriting: (RevocationList) throws -> Void = { _ in }) throws -> Verified<RevocationList> {
        try lock.withLock {
            let held = list?.document
            let verified = try documents.verify(token, as: RevocationList.self, now: now, revoked: held?.revokedIDs ?? [], document: document)
            if let held, verified.document.version <= held.version {
                throw PolicyError(.revocationListReplayed, "\(document): revocation list version \(verified.document.version) is not newer than the version \(held.version) this unit holds; an older or replayed list is refused")
            }
            if now >= verified.document.expires {
                throw PolicyError(.revocationListExpired, "\(document): revocation list version \(verified.document.version) expired at \(verified.document.expires) (now \(now))")
            }
            if let held {
                let dropped = held.revokedIDs.subtracting(verified.document.revokedIDs)
                if let id = dropped.sorted().first {
                    throw PolicyError(.invalidField, "\(document): revocation list version \(verified.document.version) no longer lists \(id), which version \(held.version) revoked; revocations cannot be undone")
                }
            }
            try beforeWriting(verified.document)
            let text = token.trimmingCharacters(in: .whitespacesAndNewlines)
            try write(text)
            list = verified
            self.token = text
            return verified
        }
    }

    /// Throws unless a list is held and unexpired at `now`.
    public func requireFresh(now: UTCTime) throws {
        guard let held = current else {
            throw PolicyError(.revocationListMissing, "no revocation list is installed; searches are refused until one is (milepost auth expire / auth install)")
        }
        if now >= held.expires {
            throw PolicyError(.revocationListExpired, "revocation list version \(held.version) expired at \(held.expires) (now \(now)); searches are refused until a newer list is installed")
        }
    }
}
