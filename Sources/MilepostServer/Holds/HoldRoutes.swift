import Foundation
import Hummingbird
import MilepostCore
import MilepostPolicy

/// `POST /api/holds` (role supervisor): places an evidence hold (docs/server.md, "Evidence holds").
///
///     {"caseNumber": "2026-0042", "reason": "…", "unit": "unit-7", "fromSeq": 100, "toSeq": 180}
///     {"caseNumber": "2026-0042", "reason": "…", "plate": "ABC1234", "from": "…", "to": "…"}
///
/// Answers 201 with `{"hold", "reads"}`. A malformed request is refused (400, naming the field)
/// and audited as `hold.refused`.
public struct HoldRoutes: Sendable {
    let holds: EvidenceHolds
    let access: ServerAccess

    public init(holds: EvidenceHolds, access: ServerAccess) {
        self.holds = holds
        self.access = access
    }

    struct HoldRequest: Decodable {
        var caseNumber: String
        var reason: String
        var unit: String?
        var fromSeq: Int64?
        var toSeq: Int64?
        var plate: String?
        var from: UTCTime?
        var to: UTCTime?
    }

    struct Placed: Encodable {
        var hold: Int64
        var reads: Int
    }

    public func add<Context: ServerAuthenticatedContext>(to router: Router<Context>) {
        router.post("api/holds") { request, context -> Response in
            let identity = try await access.require([.supervisor], request, context: context)
            let source = context.auditSource
            let asked: HoldRequest
            let selection: EvidenceHolds.Selection
            do {
                asked = try await request.decode(as: HoldRequest.self, context: context)
                selection = try Self.selection(asked)
            } catch {
                try await access.record(AuditEvent(type: "hold.refused", actor: identity.actor, source: source, object: "hold",
                                                   outcome: .denied(reason: (error as? HTTPError)?.body ?? "\(error)")))
                throw error
            }
            let hold: EvidenceHolds.Hold
            do {
                hold = try await holds.place(selection, caseNumber: asked.caseNumber, reason: asked.reason, by: identity.actor, source: source)
            } catch {
                throw HTTPError(.serviceUnavailable, message: "the hold was not placed (the database or the audit log is unavailable): \(PostgresFailure.describe(error))")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Response(status: .created, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(Placed(hold: hold.id, reads: hold.reads)))))
        }
    }

    static func selection(_ asked: HoldRequest) throws -> EvidenceHolds.Selection {
        func bad(_ field: String, _ reason: String) -> HTTPError { HTTPError(.badRequest, message: "\(field) \(reason)") }
        guard !asked.caseNumber.trimmingCharacters(in: .whitespaces).isEmpty else { throw bad("caseNumber", "is empty; a hold is for a case") }
        guard !asked.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw bad("reason", "is empty; say why the reads are held") }
        switch (asked.unit, asked.plate) {
        case (let unit?, nil):
            guard let id = try? UnitID(unit) else { throw bad("unit", "'\(unit)' is not a unit id") }
            guard let first = asked.fromSeq, let last = asked.toSeq else { throw bad("fromSeq and toSeq", "are needed with unit") }
            guard first <= last else { throw bad("toSeq", "(\(last)) is before fromSeq (\(first))") }
            return .sequences(unit: id, first...last)
        case (nil, let plate?):
            let text: PlateText
            do { text = try PlateText(normalizing: plate) } catch { throw bad("plate", "'\(plate)': \(error)") }
            guard let from = asked.from, let to = asked.to else { throw bad("from and to", "are needed with plate") }
            guard from <= to else { throw bad("to", "(\(to)) is before from (\(from))") }
            return .plate(text, from: from, to: to)
        default:
            throw bad("unit or plate", "must be given, one of them: a unit with fromSeq and toSeq, or a plate with from and to")
        }
    }
}
