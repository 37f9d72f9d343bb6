import Foundation
import MilepostCore

/// The least policy state the audit log vouches for: the highest revocation list installed (and
/// its token, when the install entry carries one), the uses of each search approval, and the
/// latest time the log holds. See docs/POLICY-FORMATS.md §Reconciling state with the audit log.
public struct AuditedPolicyState: Equatable, Sendable {
    public struct RevocationListInstall: Equatable, Sendable {
        public var version: Int
        /// Nil for install entries written before entries carried the token.
        public var token: String?
    }

    public var revocationList: RevocationListInstall?
    public var searchUses: [String: Int] = [:]
    public var latestTime: UTCTime?

    /// From the bytes of an audit log, read without opening it (lines that are not entries are
    /// skipped; `milepost audit verify` reports them).
    public init(auditLog bytes: [UInt8]) {
        let decoder = JSONDecoder()
        self.init(entries: bytes.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(AuditEntry.self, from: Data($0)) })
    }

    init(entries: [AuditEntry]) {
        for entry in entries {
            if entry.event == SearchUseRecord.event, let approvalID = entry.approvalID {
                searchUses[approvalID, default: 0] += 1
            } else if entry.event == RevocationListInstallRecord.event, let version = RevocationListInstallRecord.version(installedObject: entry.object),
                      version > revocationList?.version ?? 0 {
                revocationList = RevocationListInstall(version: version, token: RevocationListInstallRecord.token(from: entry.outcome))
            }
        }
        latestTime = entries.last.flatMap { UTCTime(rfc3339: $0.time) }
    }
}

/// Each permitted search is one `search.authorized` entry naming its approval, written after
/// the use is counted.
enum SearchUseRecord {
    static let event = "search.authorized"
}

/// How a revocation list install is written to the audit log: the `policy.installed` entry's
/// object is "revocation list version N" and its outcome detail lists the revoked ids and ends
/// with the signed token, so that the list can be put back from the log.
enum RevocationListInstallRecord {
    static let event = "policy.installed"
    static let objectPrefix = "revocation list version "
    static let tokenMarker = "; token "

    static func outcome(for list: RevocationList, token: String) -> AuditOutcome {
        let ids = list.revoked.map(\.id).sorted().joined(separator: ", ")
        return .recorded(detail: "revoked \(list.revoked.count): \(ids)\(tokenMarker)\(token)")
    }

    static func version(installedObject object: String) -> Int? {
        guard object.hasPrefix(objectPrefix) else { return nil }
        return Int(object.dropFirst(objectPrefix.count))
    }

    static func token(from outcome: AuditOutcome) -> String? {
        guard case .recorded(let detail) = outcome, let marker = detail.range(of: tokenMarker, options: .backwards) else { return nil }
        let token = detail[marker.upperBound...]
        return token.isEmpty ? nil : String(token)
    }
}
