import Foundation
import MilepostCore
import MilepostPolicy
import MilepostSystem
import MilepostTesting

/// Policy state and installed documents: provisioning the keys, the boot, revocation lists,
/// targeting authorizations and search approvals installed, searches that count uses, the time
/// floor raised by the clock and by documents, and audit checkpoints. After every cut the
/// state directory is opened as the unit opens it at boot (`UnitPolicy` with file-backed audit
/// storage) and must hold every acknowledged install and use, with no revocation list version,
/// revoked ID, time floor or use count below what was acknowledged, and an audit log that
/// verifies and begins with every acknowledged entry; no temporary of an interrupted atomic write
/// is left.
struct PolicyStateCampaign: PowerCutCampaign {
    static let name = "policy-state"
    var name: String { Self.name }

    static let layout = UnitPolicyLayout(root: "/var/lib/milepost/policy")
    static let start = UTCTime(rfc3339: "2026-11-29T12:00:00Z")!
    static let chief = try! PolicySigningKey(
        holder: KeyHolder(role: .chief, name: "Chief A. Example", organisation: "Leicester PD"), seed: [UInt8](repeating: 7, count: 32))
    static let unit = try! PolicySigningKey(
        holder: KeyHolder(role: .unit, name: "unit-7", organisation: "Leicester PD"), seed: [UInt8](repeating: 9, count: 32))
    static let detective = AuditActor(id: "badge-311", organisation: "Leicester PD")

    enum Step {
        case provision
        case boot
        /// Advance the clock, then evaluate it against the time floor (as capture does).
        case evaluate(advanceSeconds: Int64)
        case install(Document)
        /// A search under the approval, then its completion record.
        case search(approvalID: String)
        case checkpoint
    }

    struct Document {
        var token: String
        var issuedAt: UTCTime
        var description: String
    }

    struct Journal {
        var provisioned = false
        var acknowledged = 0
        var revocationVersion = 0
        var revoked: Set<String> = []
        var floor = UTCTime(millisecondsSinceEpoch: 0)
        var authorizationSerials: [String: Int] = [:]
        var approvals: Set<String> = []
        var uses: [String: Int] = [:]
        var auditLog: [UInt8] = []
        var auditCheckpoints: [UInt8] = []
    }

    func emptyJournal() -> Journal { Journal() }

    /// The documents, signed once (Ed25519 signing is deterministic).
    static let steps: [Step] = {
        let official = ApprovingOfficial(key: chief)
        func at(_ seconds: Int64) -> UTCTime { start.adding(seconds: seconds) }
        func authorization(_ id: String, serial: Int, issued: Int64) -> Step {
            let document = TargetingAuthorization(
                id: id, serial: serial, units: ["unit-7"], site: .init(latitude: 42.2459, longitude: -71.9092, description: "Main St at Rte 9, eastbound"),
                purpose: .criminalInvestigation(caseNumber: "2026-0042"), hotlists: ["ncic-stolen"], notBefore: at(-3600), expires: at(7 * 86400),
                approvingOfficial: official, issuedAt: at(issued))
            return .install(Document(token: try! SignedDocument.sign(document, kind: .targetingAuthorization, key: chief), issuedAt: at(issued),
                                     description: "authorization \(id) serial \(serial)"))
        }
        func revocations(version: Int, revoked: [String], issued: Int64) -> Step {
            let document = RevocationList(version: version, revoked: revoked.map { .init(id: $0, revokedAt: at(issued), reason: "withdrawn") },
                                          expires: at(86400), approvingOfficial: official, issuedAt: at(issued))
            return .install(Document(token: try! SignedDocument.sign(document, kind: .revocationList, key: chief), issuedAt: at(issued),
                                     description: "revocation list version \(version)"))
        }
        func approval(_ id: String, maxUses: Int) -> Step {
            let document = SearchApproval(
                id: id, requester: .init(name: "Det. C. Officer", id: "badge-311", organisation: "Leicester PD"), caseNumber: "2026-0042",
                purpose: "stolen vehicle investigation", ongoingCriminalInvestigation: false, scope: .init(plate: "ABC123", from: at(-72 * 3600), to: at(0)),
                units: ["unit-7"], maxUses: maxUses, allows: .init(), notBefore: at(-60), expires: at(86400), approvingOfficial: official, issuedAt: at(-60))
            return .install(Document(token: try! SignedDocument.sign(document, kind: .searchApproval, key: chief), issuedAt: at(-60),
                                     description: "search approval \(id)"))
        }
        return [
            .provision, .boot, .evaluate(advanceSeconds: 0),
            revocations(version: 1, revoked: [], issued: -60),
            authorization("auth-1", serial: 1, issued: -30),
            approval("search-1", maxUses: 6),
            .search(approvalID: "search-1"), .search(approvalID: "search-1"),
            .evaluate(advanceSeconds: 90),
            authorization("auth-1", serial: 2, issued: 60),
            .evaluate(advanceSeconds: 30),
            revocations(version: 2, revoked: ["auth-old"], issued: 100),
            .search(approvalID: "search-1"),
            .checkpoint,
            authorization("auth-2", serial: 1, issued: 120),
            .evaluate(advanceSeconds: 120),
            approval("search-2", maxUses: 2),
            .search(approvalID: "search-2"), .search(approvalID: "search-1"),
            revocations(version: 3, revoked: ["auth-old", "search-old"], issued: 200),
            .evaluate(advanceSeconds: 61),
            .checkpoint,
        ]
    }()

    static let approvalTokens: [String: String] = {
        var tokens: [String: String] = [:]
        for case .install(let document) in steps where document.description.hasPrefix("search approval ") {
            tokens[String(document.description.dropFirst("search approval ".count))] = document.token
        }
        return tokens
    }()

    /// The clock when the workload ends; recovery boots at this time.
    static let end = start.adding(seconds: steps.reduce(Int64(0)) { total, step -> Int64 in
        if case .evaluate(let seconds) = step { return total + seconds }
        return total
    })

    static func open(_ fs: FaultInjectingFileSystem, clock: WallClock) throws -> UnitPolicy {
        try UnitPolicy(layout: layout, fileSystem: fs, clock: clock, openAuditStorage: { try FileAuditStorage(path: $0, fileSystem: fs) })
    }

    struct NotPersisted: Error, CustomStringConvertible {
        var description: String
    }

    func run(on fs: FaultInjectingFileSystem, journal: inout Journal) throws {
        let clock = ManualWallClock(Self.start)
        var policy: UnitPolicy?
        for step in Self.steps {
            switch step {
            case .provision:
                try fs.makeDirectories(Self.layout.root)
                try fs.writeFileAtomically(Self.layout.chiefPublicKey, Array(KeyFile.render(Self.chief.publicKey).utf8), permissions: 0o644)
                try fs.writeFileAtomically(Self.layout.unitKey, Array(KeyFile.render(Self.unit).utf8), permissions: 0o600)
                journal.provisioned = true
            case .boot:
                policy = try Self.open(fs, clock: clock)
            case .evaluate(let seconds):
                clock.advance(seconds: seconds)
                let floor = policy!.timeFloor
                guard floor.evaluate(clock.now()) == .ok else { throw NotPersisted(description: "the clock was refused") }
                if let failure = floor.persistFailure { throw NotPersisted(description: "time floor not written: \(failure)") }
                // The floor is written at most once per interval: this is what it promises.
                journal.floor = max(journal.floor, clock.now().adding(seconds: -floor.persistIntervalSeconds))
            case .install(let document):
                let installed = try policy!.install(token: document.token, actor: Self.detective, source: "campaign", document: document.description)
                switch installed {
                case .targetingAuthorization(let id, let serial):
                    journal.authorizationSerials[id] = serial
                    journal.floor = max(journal.floor, document.issuedAt)
                case .revocationList(let version):
                    journal.revocationVersion = version
                    journal.revoked = policy!.revocations.revokedIDs
                    journal.floor = max(journal.floor, document.issuedAt)
                case .searchApproval(let id):
                    journal.approvals.insert(id)
                }
            case .search(let approvalID):
                let query = SearchQuery(kind: .plateSearch, plate: try PlatePattern("ABC123"), from: Self.start.adding(seconds: -24 * 3600), to: Self.start)
                let permit = try policy!.searchGate.authorize(query, approvalToken: Self.approvalTokens[approvalID]!, requester: Self.detective,
                                                              source: "10.1.2.3", statedCaseNumber: "2026-0042")
                journal.uses[approvalID] = permit.use
                try policy!.searchGate.recordCompletion(permit, resultCount: 2)
            case .checkpoint:
                try policy!.audit.checkpoint(unitKey: policy!.unitKey)
            }
            journal.acknowledged += 1
            if policy != nil {
                journal.auditLog = try fs.readFile(Self.layout.auditLog)
                journal.auditCheckpoints = try fs.readFile(Self.layout.auditCheckpoints)
            }
        }
    }

    func recover(from fs: FaultInjectingFileSystem, journal: Journal) -> RecoveryCheck {
        var check = RecoveryCheck(acknowledged: journal.acknowledged)
        guard journal.provisioned else { return check }
        let policy: UnitPolicy
        do {
            policy = try Self.open(fs, clock: ManualWallClock(Self.end))
        } catch {
            check.problems.append("the state directory does not open: \(error)")
            return check
        }
        for directory in [Self.layout.root, Self.layout.authorizations, Self.layout.searchApprovals] {
            for name in (try? fs.listDirectory(directory)) ?? [] where name.contains(".tmp-") {
                check.problems.append("the temporary \(PathNames.join(directory, name)) of an interrupted write was left")
            }
        }
        let version = policy.revocations.current?.version ?? 0
        if version < journal.revocationVersion {
            check.lose("revocation list version \(version) is below the acknowledged version \(journal.revocationVersion)")
        }
        let forgotten = journal.revoked.subtracting(policy.revocations.revokedIDs)
        if !forgotten.isEmpty { check.lose("revocations of \(forgotten.sorted()) were forgotten") }
        if policy.timeFloor.floor < journal.floor {
            check.lose("the time floor \(policy.timeFloor.floor) is below the acknowledged \(journal.floor)")
        }
        for (id, acknowledged) in journal.uses {
            let uses = (try? policy.searchUses.uses(of: id)) ?? 0
            if uses < acknowledged { check.lose("search approval \(id) has \(uses) uses counted; \(acknowledged) were acknowledged") }
        }
        do {
            let installed = try policy.installedAuthorizations()
            for problem in installed.rejected { check.problems.append("an installed authorization does not verify: \(problem)") }
            let serials = Dictionary(installed.valid.map { ($0.document.id, $0.document.serial) }, uniquingKeysWith: max)
            for (id, serial) in journal.authorizationSerials where (serials[id] ?? 0) < serial {
                check.lose("authorization \(id) serial \(serial) was acknowledged; installed: \(serials[id].map(String.init) ?? "none")")
            }
            let approvals = try policy.installedSearchApprovals()
            for (path, result) in approvals { if case .failure(let error) = result { check.problems.append("\(path) does not verify: \(error)") } }
            let present = Set(approvals.compactMap { try? $0.result.get().document.id })
            for id in journal.approvals.subtracting(present) { check.lose("search approval \(id) was acknowledged and is not installed") }
        } catch {
            check.problems.append("the installed documents cannot be listed: \(error)")
        }
        AuditFiles(fs: fs, log: Self.layout.auditLog, checkpoints: Self.layout.auditCheckpoints, unitKey: Self.unit.publicKey)
            .check(acknowledgedLog: journal.auditLog, acknowledgedCheckpoints: journal.auditCheckpoints, into: &check)
        do {
            try policy.audit.record(AuditEvent(type: "campaign.after-recovery", actor: .unit("unit-7"), source: "local", object: "boot",
                                               outcome: .recorded(detail: "recovered")))
        } catch {
            check.problems.append("the recovered audit log refuses a new entry: \(error)")
        }
        return check
    }
}
