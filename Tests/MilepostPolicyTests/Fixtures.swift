import Foundation
import MilepostCore
@testable import MilepostPolicy
import MilepostSystem
import MilepostTesting
import SystemPackage
import MilepostPolicyTesting

/// Keys, times and document builders shared by the policy tests.
struct Fixtures {
    static let start = UTCTime(rfc3339: "2026-11-29T12:00:00Z")!
    static let hour: Int64 = 3600
    var start: UTCTime { Self.start }

    let chief = PolicySigningKey.generate(holder: KeyHolder(role: .chief, name: "Chief A. Example", organisation: "Leicester PD"))
    let designee = PolicySigningKey.generate(holder: KeyHolder(role: .designee, name: "Lt. B. Deputy", organisation: "Leicester PD"))
    let stranger = PolicySigningKey.generate(holder: KeyHolder(role: .chief, name: "Chief A. Example", organisation: "Elsewhere PD"))
    let unit = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: "unit-7", organisation: "Leicester PD"))

    var verifier: DocumentVerifier { try! DocumentVerifier(chief: chief.publicKey) }

    func delegation(id: String = "del-1", scope: [ApprovalScope] = [.targeting, .search, .revocation], notBefore: UTCTime = start.adding(seconds: -hour),
                    expires: UTCTime = start.adding(seconds: 48 * hour), signer: PolicySigningKey? = nil) throws -> String {
        let d = Delegation(id: id, issuedAt: notBefore, notBefore: notBefore, expires: expires, chief: chief, designee: designee.publicKey, scope: scope)
        return try SignedDocument.sign(d, kind: .delegation, key: signer ?? chief)
    }

    func authorization(id: String = "auth-1", serial: Int = 1, units: [UnitID] = ["unit-7"], purpose: Purpose = .criminalInvestigation(caseNumber: "2026-0042"),
                       notBefore: UTCTime = start, expires: UTCTime = start.adding(seconds: 8 * hour), issuedAt: UTCTime = start.adding(seconds: -60)) -> TargetingAuthorization {
        TargetingAuthorization(id: id, serial: serial, units: units, site: .init(latitude: 42.2459, longitude: -71.9092, description: "Main St at Rte 9, eastbound"),
                               purpose: purpose, hotlists: ["ncic-stolen"], notBefore: notBefore, expires: expires,
                               approvingOfficial: ApprovingOfficial(key: chief), issuedAt: issuedAt)
    }

    /// Signed by the Chief, or by the designee under `delegation` when given.
    func sign<D: ApprovedDocument>(_ document: D, byDesigneeUnder delegation: String? = nil) throws -> String {
        var doc = document
        if let delegation {
            setOfficialAndDelegation(&doc, ApprovingOfficial(key: designee), delegation)
            return try SignedDocument.sign(doc, kind: D.kind, key: designee)
        }
        return try SignedDocument.sign(doc, kind: D.kind, key: chief)
    }

    private func setOfficialAndDelegation<D: ApprovedDocument>(_ doc: inout D, _ official: ApprovingOfficial, _ delegation: String) {
        if var a = doc as? TargetingAuthorization { a.approvingOfficial = official; a.delegation = delegation; doc = a as! D }
        if var a = doc as? SearchApproval { a.approvingOfficial = official; a.delegation = delegation; doc = a as! D }
        if var a = doc as? RevocationList { a.approvingOfficial = official; a.delegation = delegation; doc = a as! D }
        if var a = doc as? HotlistApproval { a.approvingOfficial = official; a.delegation = delegation; doc = a as! D }
    }

    static let listSHA256 = String(repeating: "ab", count: 32)

    func hotlistApproval(id: String = "hl-1", list: String = "ncic-stolen", kind: HotlistApproval.Kind = .routine, caseNumber: String? = nil,
                         sha256: String = listSHA256, entryCount: Int = 2, expires: UTCTime = start.adding(seconds: 36 * hour)) -> HotlistApproval {
        HotlistApproval(id: id, list: list, listKind: kind, caseNumber: caseNumber, contentSHA256: sha256, entryCount: entryCount,
                        matching: .init(priority: "routine", lookalike: 1, serious: false), notBefore: start.adding(seconds: -60), expires: expires,
                        approvingOfficial: ApprovingOfficial(key: chief), issuedAt: start.adding(seconds: -60))
    }

    var approvedListContent: HotlistApprovalVerifier.ListContent {
        .init(name: "ncic-stolen", sha256: Self.listSHA256, entryCount: 2, matching: .init(priority: "routine", lookalike: 1, serious: false))
    }

    func revocationList(version: Int, revoked: [String] = [], issuedAt: UTCTime = start.adding(seconds: -60), expires: UTCTime = start.adding(seconds: 24 * hour)) -> RevocationList {
        RevocationList(version: version, revoked: revoked.map { .init(id: $0, revokedAt: issuedAt, reason: "test") }, expires: expires,
                       approvingOfficial: ApprovingOfficial(key: chief), issuedAt: issuedAt)
    }

    func searchApproval(id: String = "search-1", plate: String? = "ABC123", from: UTCTime = start.adding(seconds: -72 * hour), to: UTCTime = start,
                        maxUses: Int = 3, allows: SearchApproval.Allowances = .init(), ongoing: Bool = false, expires: UTCTime = start.adding(seconds: 4 * hour)) -> SearchApproval {
        SearchApproval(id: id, requester: .init(name: "Det. C. Officer", id: "badge-311", organisation: "Leicester PD"), caseNumber: "2026-0042",
                       purpose: "stolen vehicle investigation", ongoingCriminalInvestigation: ongoing, scope: .init(plate: plate, from: from, to: to),
                       units: ["unit-7"], maxUses: maxUses, allows: allows, notBefore: start.adding(seconds: -60), expires: expires,
                       approvingOfficial: ApprovingOfficial(key: chief), issuedAt: start.adding(seconds: -60))
    }

    static let detective = AuditActor(id: "badge-311", organisation: "Leicester PD")

    /// A unit state directory in memory with chief.pub and unit.key installed.
    func unitPolicy(clock: ManualWallClock, fs: FaultInjectingFileSystem = FaultInjectingFileSystem(), audit: InMemoryAuditStorage = InMemoryAuditStorage(name: "audit.log"),
                    checkpoints: InMemoryAuditStorage = InMemoryAuditStorage(name: "audit-checkpoints")) throws -> UnitPolicy {
        let layout = UnitPolicyLayout(root: "/var/lib/milepost/policy")
        if !fs.exists(layout.unitKey) {
            try fs.makeDirectories(layout.root)
            try fs.writeFileAtomically(layout.chiefPublicKey, Array(KeyFile.render(chief.publicKey).utf8), permissions: 0o644)
            try fs.writeFileAtomically(layout.unitKey, Array(KeyFile.render(unit).utf8), permissions: 0o600)
        }
        return try UnitPolicy(layout: layout, fileSystem: fs, clock: clock, openAuditStorage: { $0.hasSuffix("audit.log") ? audit : checkpoints })
    }
}

/// Records audit events in memory; can be made to fail.
final class RecordingAudit: AuditRecorder, @unchecked Sendable {  // `stored` is used under `lock`; `failing` is set before use
    private let lock = NSLock()
    private var stored: [AuditEvent] = []
    var failing = false

    var events: [AuditEvent] { lock.withLock { stored } }

    func record(_ event: AuditEvent) throws -> AuditEntry {
        try lock.withLock {
            if failing { throw PolicyError(.io, "write audit.log: No space left on device (errno 28)") }
            stored.append(event)
            return AuditEntry(seq: stored.count, prev: "", time: "", event: event.type, actor: event.actor, source: event.source, object: event.object,
                              purpose: event.purpose, caseNumber: event.caseNumber, approvalID: event.approvalID, outcome: event.outcome)
        }
    }
}
