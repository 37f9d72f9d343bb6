import Foundation
import MilepostCore

/// Allows a search of stored reads only under a valid search approval (policy 10.05 §V), within
/// its scope, its uses and its time; refuses prohibited uses (§IV) unless the approval, for an
/// ongoing criminal investigation and signed by the Chief, explicitly allows them. Every
/// decision is audited. Officers looking up a hit notice they received are not gated (§V note
/// 2) but are logged.
///
/// A unit's gate covers that unit alone; the department server's gate covers the units each
/// approval names, and its permits say which (`Coverage`).
public final class SearchGate: Sendable {
    /// Whose reads a search through this gate reaches.
    public enum Coverage: Equatable, Sendable {
        /// One unit's own reads: an approval must name this unit.
        case unit(UnitID)
        /// The department server's reads of every unit: a search reaches the units its approval names.
        case approvalUnits

        /// Who the gate's own entries (a clock rollback) are recorded as.
        var actor: AuditActor {
            switch self {
            case .unit(let unitID): return .unit(unitID)
            case .approvalUnits: return AuditActor(id: "server", organisation: "")
            }
        }
    }

    public let coverage: Coverage
    private let documents: DocumentVerifier
    private let revocations: RevocationRegistry
    private let timeFloor: TimeFloor
    private let ledger: SearchUseLedger
    let audit: AuditRecorder
    private let clock: WallClock
    /// Why the unit's state files forbid searches (`PolicyStateReconciler.check`), or nil.
    private let stateCheck: @Sendable () -> PolicyError?

    public convenience init(unitID: UnitID, documents: DocumentVerifier, revocations: RevocationRegistry, timeFloor: TimeFloor, ledger: SearchUseLedger,
                            audit: AuditRecorder, clock: WallClock, stateCheck: @escaping @Sendable () -> PolicyError? = { nil }) {
        self.init(coverage: .unit(unitID), documents: documents, revocations: revocations, timeFloor: timeFloor, ledger: ledger, audit: audit,
                  clock: clock, stateCheck: stateCheck)
    }

    public init(coverage: Coverage, documents: DocumentVerifier, revocations: RevocationRegistry, timeFloor: TimeFloor, ledger: SearchUseLedger,
                audit: AuditRecorder, clock: WallClock, stateCheck: @escaping @Sendable () -> PolicyError? = { nil }) {
        self.stateCheck = stateCheck
        self.coverage = coverage
        self.documents = documents
        self.revocations = revocations
        self.timeFloor = timeFloor
        self.ledger = ledger
        self.audit = audit
        self.clock = clock
    }

    /// Permission for one search; hand it back with the result count to `recordCompletion`.
    public struct Permit: Equatable, Sendable {
        public var approvalID: String
        public var query: SearchQuery
        public var requester: AuditActor
        public var source: String
        public var purpose: String
        public var caseNumber: String
        public var use: Int
        public var maxUses: Int
        /// The units whose reads the search may return.
        public var units: [UnitID]
    }

    /// Throws the refusal (after auditing it) or returns a permit (after counting the use and
    /// auditing it). The audit write must succeed for a search to be allowed. A case number or
    /// purpose the requester states must be the approval's: an approval for one case is not
    /// used for another.
    public func authorize(_ query: SearchQuery, approvalToken: String, requester: AuditActor, source: String,
                          statedCaseNumber: String, statedPurpose: String? = nil) throws -> Permit {
        var approval: SearchApproval?
        do {
            let (permit, checked) = try check(query, approvalToken: approvalToken, requester: requester, source: source,
                                              stated: (statedCaseNumber, statedPurpose), approval: &approval)
            try audit.record(AuditEvent(type: "search.authorized", actor: requester, source: source, object: query.description, purpose: checked.purpose,
                                        caseNumber: checked.caseNumber, approvalID: checked.id, outcome: .allowed(resultCount: nil)))
            return permit
        } catch let error as PolicyError {
            if error.code == .clockRollback {
                _ = try? audit.record(AuditEvent(type: "clock.rollback", actor: coverage.actor, source: "local", object: "search", outcome: .denied(reason: error.message)))
            }
            _ = try? audit.record(AuditEvent(type: "search.denied", actor: requester, source: source, object: query.description, purpose: approval?.purpose,
                                         caseNumber: approval?.caseNumber, approvalID: approval?.id, outcome: .denied(reason: error.message)))
            throw error
        }
    }

    /// The requester must state the case the search is for (an approval is not a licence to
    /// search for another case), and may state the purpose; both must be the approval's.
    private func checkStated(caseNumber: String, purpose: String?, against approval: SearchApproval) throws {
        func same(_ a: String, _ b: String) -> Bool {
            a.trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(b.trimmingCharacters(in: .whitespaces)) == .orderedSame
        }
        if caseNumber.trimmingCharacters(in: .whitespaces).isEmpty {
            throw PolicyError(.searchOutOfScope, "a search must state the case number it is for (search approval \(approval.id) is for case \(approval.caseNumber))")
        }
        if !same(caseNumber, approval.caseNumber) {
            throw PolicyError(.searchOutOfScope, "search approval \(approval.id) is for case \(approval.caseNumber), not case \(caseNumber)")
        }
        if let purpose, !same(purpose, approval.purpose) {
            throw PolicyError(.searchOutOfScope, "search approval \(approval.id) is for the purpose '\(approval.purpose)', not '\(purpose)'")
        }
    }

    /// `countsUse: false` checks everything but the remaining uses and counts none (fetching a
    /// crop of a read a counted search returned).
    func check(_ query: SearchQuery, approvalToken: String, requester: AuditActor, source: String,
               stated: (caseNumber: String, purpose: String?), countsUse: Bool = true, approval: inout SearchApproval?) throws -> (Permit, SearchApproval) {
        let now = clock.now()
        if let error = timeFloor.refusal(timeFloor.evaluate(now)) { throw error }
        if let error = stateCheck() { throw error }
        try revocations.requireFresh(now: now)
        let verified = try documents.verify(approvalToken, as: SearchApproval.self, now: now, revoked: revocations.revokedIDs, document: "search approval")
        let doc = verified.document
        approval = doc
        let name = "search approval \(doc.id)"
        if revocations.revokedIDs.contains(doc.id) { throw PolicyError(.revoked, "\(name) has been revoked") }
        let units: [UnitID]
        switch coverage {
        case .unit(let unitID):
            if !doc.units.contains(unitID) {
                throw PolicyError(.unitNotCovered, "\(name) covers units \(doc.units.map(\.rawValue).joined(separator: ", ")), not this unit \(unitID)")
            }
            units = [unitID]
        case .approvalUnits:
            units = doc.units
        }
        if now < doc.notBefore { throw PolicyError(.notYetValid, "\(name) is not valid before \(doc.notBefore) (now \(now))") }
        if now >= doc.expires { throw PolicyError(.expired, "\(name) expired at \(doc.expires) (now \(now))") }
        if requester.id != doc.requester.id {
            throw PolicyError(.searchOutOfScope, "\(name) was granted to requester \(doc.requester.id) (\(doc.requester.name)), not \(requester.id)")
        }
        if query.kind == .bulkExport, !doc.allows.bulkExport {
            throw PolicyError(.prohibitedQuery, "bulk export is prohibited (policy 10.05 §IV); \(name) does not allow it")
        }
        if query.hasNoPlate, !doc.allows.queriesWithoutPlate {
            let what = query.plate.map { "query pattern \($0.text) is a sweep (\(PlatePattern.sweepRule)), which" } ?? "a query without a plate"
            throw PolicyError(.prohibitedQuery, "\(what) is prohibited (policy 10.05 §IV); \(name) does not allow it")
        }
        if let allowed = doc.scope.plate {
            let allowedPattern: PlatePattern
            do { allowedPattern = try PlatePattern(allowed) } catch { throw PolicyError(error) }
            guard let plate = query.plate, plate.isContained(in: allowedPattern) else {
                throw PolicyError(.searchOutOfScope, "query plate \(query.plate?.text ?? "(none)") is outside \(name) scope plate \(allowedPattern.text)")
            }
        }
        if query.from < doc.scope.from || query.to > doc.scope.to || query.to < query.from {
            throw PolicyError(.searchOutOfScope, "query time \(query.from) to \(query.to) is outside \(name) scope \(doc.scope.from) to \(doc.scope.to)")
        }
        try checkStated(caseNumber: stated.caseNumber, purpose: stated.purpose, against: doc)
        let use = countsUse ? try ledger.consume(doc.id, maximum: doc.maxUses) : try ledger.uses(of: doc.id)
        let permit = Permit(approvalID: doc.id, query: query, requester: requester, source: source, purpose: doc.purpose, caseNumber: doc.caseNumber,
                            use: use, maxUses: doc.maxUses, units: units)
        return (permit, doc)
    }

    /// Audits how many reads the permitted search returned.
    public func recordCompletion(_ permit: Permit, resultCount: Int) throws {
        try audit.record(AuditEvent(type: "search.completed", actor: permit.requester, source: permit.source, object: permit.query.description,
                                    purpose: permit.purpose, caseNumber: permit.caseNumber, approvalID: permit.approvalID,
                                    outcome: .allowed(resultCount: resultCount)))
    }

    /// Audits a permitted search that could not be carried out (the read store failed): the use
    /// stays counted, as documented.
    public func recordFailure(_ permit: Permit, reason: String) throws {
        try audit.record(AuditEvent(type: "search.failed", actor: permit.requester, source: permit.source, object: permit.query.description,
                                    purpose: permit.purpose, caseNumber: permit.caseNumber, approvalID: permit.approvalID,
                                    outcome: .denied(reason: reason)))
    }

    /// An officer opening a hit notice they were sent: no approval needed, but logged, with the
    /// number of stored reads shown, or why the lookup was refused. Throws only if the audit log
    /// cannot be written, in which case the lookup must not proceed.
    public func recordHitNoticeLookup(noticeID: String, plate: String?, officer: AuditActor, source: String, outcome: AuditOutcome) throws {
        try audit.record(AuditEvent(type: "hit-notice.lookup", actor: officer, source: source,
                                    object: "notice \(noticeID)" + (plate.map { " plate \($0)" } ?? ""), outcome: outcome))
    }
}
