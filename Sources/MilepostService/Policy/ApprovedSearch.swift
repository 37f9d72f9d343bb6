import Foundation
import MilepostCore
import MilepostPolicy

/// Runs searches of stored reads: the search gate decides (approval, scope, uses, prohibited
/// uses, clock, revocation list; every decision audited), then the read store is queried with
/// the permitted bounds only, and the result count is audited before any read is returned.
/// If that audit write fails, no read is returned.
public final class ApprovedSearch: Sendable {
    let gate: SearchGate
    let store: any SearchableReads
    let notices: (any HitNoticeDirectory)?

    public init(gate: SearchGate, store: any SearchableReads, notices: (any HitNoticeDirectory)? = nil) {
        self.gate = gate
        self.store = store
        self.notices = notices
    }

    public struct Request: Sendable {
        public var query: SearchQuery
        public var approvalToken: String
        public var requester: AuditActor
        /// The requester's network address, or "cli".
        public var source: String
        /// The case the search is for: required, and it must be the approval's.
        public var caseNumber: String
        public var purpose: String?

        public init(query: SearchQuery, approvalToken: String, requester: AuditActor, source: String, caseNumber: String, purpose: String? = nil) {
            self.query = query
            self.approvalToken = approvalToken
            self.requester = requester
            self.source = source
            self.caseNumber = caseNumber
            self.purpose = purpose
        }
    }

    public struct Outcome: Equatable, Sendable {
        public var approvalID: String
        public var use: Int
        public var maxUses: Int
        public var scope: ReadScope
        public var reads: [FoundRead]
        public var damaged: [String]
    }

    /// Throws a `PolicyError` when refused (already audited as `search.denied`).
    public func run(_ request: Request) throws -> Outcome {
        let permit = try gate.authorize(request.query, approvalToken: request.approvalToken, requester: request.requester, source: request.source,
                                        statedCaseNumber: request.caseNumber, statedPurpose: request.purpose)
        let scope = ReadScope(permit.query)
        let found: ScopedReads
        do {
            found = try store.reads(in: scope)
        } catch let tooLarge as SearchScopeTooLarge {
            try gate.recordFailure(permit, reason: "\(tooLarge)")
            throw PolicyError(.invalidField, "search under approval \(permit.approvalID): \(tooLarge)")
        } catch {
            try gate.recordFailure(permit, reason: "the read store failed: \(error)")
            throw PolicyError(.io, "search under approval \(permit.approvalID) failed in the read store: \(error)")
        }
        // The store was asked for this scope only; nothing outside it may leave even if it erred.
        let reads = found.reads.filter { scope.contains(plate: $0.plate, capturedAt: $0.capturedAt) }
        try gate.recordCompletion(permit, resultCount: reads.count)
        return Outcome(approvalID: permit.approvalID, use: permit.use, maxUses: permit.maxUses, scope: scope, reads: reads, damaged: found.damaged)
    }

    public struct NoticeLookup: Equatable, Sendable {
        public var notice: HitNoticeReference
        public var reads: [FoundRead]
    }

    /// Leeway around a notice's capture time, for the stored read of that same capture.
    public static let noticeWindowMilliseconds: Int64 = 1_000

    /// An officer looking up a hit notice they received: not gated (policy 10.05 §V note 2),
    /// but logged. Returns only the stored read(s) of that plate at that capture.
    public func lookUpHitNotice(_ idOrSequence: String, officer: AuditActor, source: String) throws -> NoticeLookup {
        func refuse(_ error: PolicyError) throws -> Never {
            try gate.recordHitNoticeLookup(noticeID: idOrSequence, plate: nil, officer: officer, source: source, outcome: .denied(reason: error.message))
            throw error
        }
        guard let notices else { try refuse(PolicyError(.invalidField, "this unit has no hit-notice outbox to look notices up in")) }
        let lookedUp: HitNoticeReference?
        do {
            lookedUp = try notices.notice(idOrSequence)
        } catch let error as PolicyError {
            try refuse(error)
        } catch {
            try refuse(PolicyError(.io, "reading hit notice '\(idOrSequence)': \(error)"))
        }
        guard let notice = lookedUp else { try refuse(PolicyError(.invalidField, "this unit sent no hit notice '\(idOrSequence)'")) }
        let exact: PlatePattern
        do {
            exact = try PlatePattern(notice.plate)
        } catch {
            try refuse(PolicyError(error))
        }
        // A notice names one plate; a wildcard in it must never widen the lookup into a search.
        guard exact.isExactPlate else { try refuse(PolicyError(.invalidField, "hit notice \(notice.id) names '\(notice.plate)', which is not a single plate")) }
        let scope = ReadScope(plate: exact, from: notice.capturedAt.adding(milliseconds: -Self.noticeWindowMilliseconds),
                              to: notice.capturedAt.adding(milliseconds: Self.noticeWindowMilliseconds))
        let found: ScopedReads
        do {
            found = try store.reads(in: scope)
        } catch {
            try refuse(PolicyError(.io, "the read store failed: \(error)"))
        }
        let reads = found.reads.filter { scope.contains(plate: $0.plate, capturedAt: $0.capturedAt) }
        try gate.recordHitNoticeLookup(noticeID: notice.id, plate: notice.plate, officer: officer, source: source, outcome: .allowed(resultCount: reads.count))
        return NoticeLookup(notice: notice, reads: reads)
    }
}
