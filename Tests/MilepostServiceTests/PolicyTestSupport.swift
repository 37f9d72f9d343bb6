import Foundation
import MilepostCore
import MilepostPolicy
import MilepostStorage
@testable import MilepostService
import MilepostSystem
import MilepostTesting
import SystemPackage
import MilepostPolicyTesting

/// A unit's policy state in memory (Chief and unit keys installed, a fresh revocation list),
/// a read store on an in-memory file system, and builders for signed documents.
final class PolicyUnitFixture: Sendable {
    static let start = UTCTime(rfc3339: "2026-11-29T12:00:00Z")!
    static let hour: Int64 = 3600
    static let detective = AuditActor(id: "badge-311", organisation: "Leicester PD")

    let chief = PolicySigningKey.generate(holder: KeyHolder(role: .chief, name: "Chief A. Example", organisation: "Leicester PD"))
    let unitKey = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: "unit-7", organisation: "Leicester PD"))
    let clock = ManualWallClock(PolicyUnitFixture.start)
    let files = FaultInjectingFileSystem()
    let auditStorage = InMemoryAuditStorage(name: "audit.log")
    let checkpointStorage = InMemoryAuditStorage(name: "audit-checkpoints")
    /// The department's copy of the unit's initial audit seal key.
    let initialSealKey = AuditSealKey.generateInitial()
    let unit: UnitPolicy
    let store: ReadStore

    /// `auditWitness` notes, for every append to the audit log or the checkpoints, whether it
    /// ran on the witness's queue.
    init(installRevocationList: Bool = true, auditWitness: QueueWitness? = nil) throws {
        let layout = UnitPolicyLayout(root: "/var/lib/milepost/policy")
        try files.makeDirectories(layout.root)
        try files.writeFileAtomically(layout.chiefPublicKey, Array(KeyFile.render(chief.publicKey).utf8), permissions: 0o644)
        try files.writeFileAtomically(layout.unitKey, Array(KeyFile.render(unitKey).utf8), permissions: 0o600)
        try files.writeFileAtomically(layout.auditSealKey, initialSealKey.fileBytes, permissions: 0o600)
        var (audit, checkpoints): (any AuditStorage, any AuditStorage) = (auditStorage, checkpointStorage)
        if let auditWitness {
            (audit, checkpoints) = (WitnessedAuditStorage(audit, witness: auditWitness), WitnessedAuditStorage(checkpoints, witness: auditWitness))
        }
        let (auditFile, checkpointFile) = (audit, checkpoints)
        unit = try UnitPolicy(layout: layout, fileSystem: files, clock: clock,
                              openAuditStorage: { $0.hasSuffix("audit.log") ? auditFile : checkpointFile })
        let storeClock = ManualWallClock(Self.start)
        store = try ReadStore.open(StoreConfiguration(directory: "/store", capacityBytes: 4 << 20, segmentSize: 1 << 20),
                                   fileSystem: FaultInjectingFileSystem(), clock: storeClock)
        if installRevocationList {
            try unit.install(token: try revocationList(version: 1), actor: AuditActor(id: "tech", organisation: "Leicester PD"), source: "test", document: "rl")
        }
    }

    func time(hoursFromStart hours: Int64) -> UTCTime { Self.start.adding(seconds: hours * Self.hour) }

    @discardableResult
    func addRead(_ plate: String, hoursFromStart hours: Int64) throws -> UInt64 {
        try store.append(PlateRead(readID: UUID(), captureTime: time(hoursFromStart: hours),
                                   unitID: "unit-7", cameraID: "cam0", plate: try PlateText(normalizing: plate), confidence: 930,
                                   box: PlateBox(x: 1, y: 2, width: 30, height: 10), authorizationID: "auth-1", crop: [0xFF, 0xD8, 1, 2, 0xFF, 0xD9]))
    }

    func revocationList(version: Int, revoked: [String] = [], expiresInHours: Int64 = 24) throws -> String {
        let issued = Self.start.adding(seconds: -60)
        let list = RevocationList(version: version, revoked: revoked.map { .init(id: $0, revokedAt: issued, reason: "test") },
                                  expires: time(hoursFromStart: expiresInHours), approvingOfficial: ApprovingOfficial(key: chief), issuedAt: issued)
        return try SignedDocument.sign(list, kind: .revocationList, key: chief)
    }

    func approval(id: String = "search-1", plate: String? = "ABC1*", fromHours: Int64 = -72, toHours: Int64 = 0, maxUses: Int = 3,
                  allows: SearchApproval.Allowances = .init(), ongoing: Bool = false, expiresInHours: Int64 = 4) throws -> String {
        let doc = SearchApproval(id: id, requester: .init(name: "Det. C. Officer", id: "badge-311", organisation: "Leicester PD"), caseNumber: "2026-0042",
                                 purpose: "stolen vehicle investigation", ongoingCriminalInvestigation: ongoing,
                                 scope: .init(plate: plate, from: time(hoursFromStart: fromHours), to: time(hoursFromStart: toHours)),
                                 units: ["unit-7"], maxUses: maxUses, allows: allows, notBefore: Self.start.adding(seconds: -60),
                                 expires: time(hoursFromStart: expiresInHours), approvingOfficial: ApprovingOfficial(key: chief),
                                 issuedAt: Self.start.adding(seconds: -60))
        return try SignedDocument.sign(doc, kind: .searchApproval, key: chief)
    }

    func authorization(id: String = "auth-1", serial: Int = 1) throws -> String {
        let doc = TargetingAuthorization(id: id, serial: serial, units: ["unit-7"],
                                         site: .init(latitude: 42.2459, longitude: -71.9092, description: "Main St at Rte 9"),
                                         purpose: .routinePatrol, hotlists: ["ncic-stolen"], notBefore: Self.start, expires: time(hoursFromStart: 8),
                                         approvingOfficial: ApprovingOfficial(key: chief), issuedAt: Self.start.adding(seconds: -60))
        return try SignedDocument.sign(doc, kind: .targetingAuthorization, key: chief)
    }

    /// The audit log's entries as written.
    var auditEntries: [AuditEntry] {
        auditStorage.contents.split(separator: UInt8(ascii: "\n")).map { try! JSONDecoder().decode(AuditEntry.self, from: Data($0)) }
    }

    func verifyAudit() -> AuditVerificationReport {
        AuditVerifier.verify(log: auditStorage.contents, checkpoints: checkpointStorage.contents, unitKey: unitKey.publicKey, sealKey: initialSealKey,
                             logName: "audit.log")
    }
}
