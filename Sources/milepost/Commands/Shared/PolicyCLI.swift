import ArgumentParser
import Foundation
import MilepostCore
import MilepostPolicy
import MilepostSystem

/// Shared parsing and output for the keys, auth and audit commands.
enum PolicyCLI {
    static let fileSystem = DiskFileSystem()
    static let keys = KeyStore(fileSystem: fileSystem)
    static let defaultStateDirectory = "/var/lib/milepost/policy"

    static func now() -> UTCTime { SystemWallClock().now() }

    /// RFC 3339, or "now".
    static func time(_ text: String, option: String) throws -> UTCTime {
        if text == "now" { return now() }
        guard let value = UTCTime(rfc3339: text) else {
            throw ValidationError("\(option): '\(text)' is not an RFC 3339 time such as 2026-12-01T08:00:00Z")
        }
        return value
    }

    /// Each text as a unit id; the error names the option and the text.
    static func unitIDs(_ texts: [String], option: String) throws -> [UnitID] {
        try texts.map { text in
            do { return try UnitID(text) } catch { throw ValidationError("\(option): \(error)") }
        }
    }

    /// "90m", "8h", "7d" → seconds.
    static func duration(_ text: String, option: String) throws -> Int64 {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last, let factor = units[unit], let value = Int64(text.dropLast()), value > 0 else {
            throw ValidationError("\(option): '\(text)' is not a duration such as 90m, 8h or 7d")
        }
        return value * factor
    }

    /// `--expires` wins over `--valid-for`; one of them is required.
    static func expiry(notBefore: UTCTime, expires: String?, validFor: String?) throws -> UTCTime {
        if let expires { return try time(expires, option: "--expires") }
        if let validFor { return notBefore.adding(seconds: try duration(validFor, option: "--valid-for")) }
        throw ValidationError("give --expires TIME or --valid-for DURATION")
    }

    static func readText(_ path: String) throws -> String {
        try fileSystem.readText(path).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a token to `out` (mode 0644) or prints it.
    static func emit(_ token: String, to out: String?, what: String) throws {
        guard let out else {
            print(token)
            return
        }
        try fileSystem.writeFileAtomically(out, Array((token + "\n").utf8), permissions: 0o644)
        printToStandardError("wrote \(what) to \(out)")
    }

    static func loadDelegation(_ path: String?) throws -> String? {
        try path.map { try readText($0) }
    }

    /// The signer's official block and delegation, checking that a designee has one.
    static func signer(_ key: PolicySigningKey, delegation: String?) throws -> (ApprovingOfficial, String?) {
        switch key.holder.role {
        case .chief:
            if delegation != nil { throw ValidationError("--delegation is for designee keys; the Chief signs directly") }
        case .designee:
            if delegation == nil { throw ValidationError("a designee key needs --delegation FILE (the Chief's signed delegation)") }
        case .unit:
            throw ValidationError("unit keys sign only audit checkpoints")
        }
        return (ApprovingOfficial(key: key), delegation)
    }

    static func sign<D: ApprovedDocument>(_ document: D, key: PolicySigningKey) throws -> String {
        try SignedDocument.sign(document, kind: D.kind, key: key)
    }
}

extension Purpose: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "routine-patrol": self = .routinePatrol
        case "traffic-enforcement": self = .trafficEnforcement
        case "criminal-investigation": self = .criminalInvestigation(caseNumber: "")
        default: return nil
        }
    }
}

extension KeyRole: ExpressibleByArgument {}
extension ApprovalScope: ExpressibleByArgument {}
