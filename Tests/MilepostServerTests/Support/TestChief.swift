import Foundation
import MilepostCore
import MilepostPolicy
import MilepostServer
import MilepostTesting

/// The Chief who signs search approvals and revocation lists for server tests, and the
/// server's policy directory holding the Chief's public key and a current revocation list.
struct TestChief {
    let key = PolicySigningKey.generate(holder: KeyHolder(role: .chief, name: "Chief A. Example", organisation: "Leicester PD"))

    static let caseNumber = "2026-0042"
    static let purpose = "stolen vehicle investigation"

    /// Writes `chief.pub` and a revocation list valid for a day from `now` into `directory`.
    func policyDirectory(_ directory: String, now: UTCTime, revoked: [String] = []) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try KeyFile.render(key.publicKey).write(toFile: directory + "/chief.pub", atomically: true, encoding: .utf8)
        try revocationList(version: 1, revoked: revoked, now: now).write(toFile: directory + "/revocations.paseto", atomically: true, encoding: .utf8)
    }

    func revocationList(version: Int, revoked: [String], now: UTCTime) throws -> String {
        let issued = now.adding(milliseconds: -60_000)
        let list = RevocationList(version: version, revoked: revoked.map { .init(id: $0, revokedAt: issued, reason: "test") },
                                  expires: now.adding(seconds: 86_400), approvingOfficial: ApprovingOfficial(key: key), issuedAt: issued)
        return try SignedDocument.sign(list, kind: .revocationList, key: key)
    }

    func searchApproval(id: String = "search-1", requester: String = "badge-311", units: [UnitID], plate: String?, from: UTCTime, to: UTCTime,
                        maxUses: Int = 3, now: UTCTime) throws -> String {
        let approval = SearchApproval(
            id: id, requester: .init(name: "Det. C. Officer", id: requester, organisation: "Leicester PD"), caseNumber: Self.caseNumber,
            purpose: Self.purpose, ongoingCriminalInvestigation: false, scope: .init(plate: plate, from: from, to: to), units: units,
            maxUses: maxUses, allows: .init(), notBefore: now.adding(milliseconds: -60_000), expires: now.adding(seconds: 4 * 3600),
            approvingOfficial: ApprovingOfficial(key: key), issuedAt: now.adding(milliseconds: -60_000))
        return try SignedDocument.sign(approval, kind: .searchApproval, key: key)
    }
}
