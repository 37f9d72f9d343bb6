import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MilepostCore
import MilepostPolicy
import MilepostSystem
import PostgresNIO

/// Searches of every unit's reads, only under a signed search approval (docs/server.md,
/// "Searches"):
///
///     POST /api/search                     {"approval", "caseNumber", "purpose"?, "plate"?, "from", "to",
///                                           "bulkExport"?, "format"?: "jsonl" | "csv"}
///     GET  /api/reads/{unit}/{seq}/crop    headers Milepost-Search-Approval, Milepost-Case-Number,
///                                          Milepost-Purpose (optional)
///     POST /api/policy/revocations         a newer revocation list (the token as the body)
///
/// Searches and crops need the searcher or supervisor role, and the approval must name the
/// token's holder as its requester. The gate decides and audits (`search.authorized`,
/// `search.denied`, `search.crop`); the reads are streamed from PostgreSQL as they come, and
/// `search.completed` with the count is written when the stream ends. If that entry cannot be
/// written the response is cut off unfinished, so the requester can tell. Installing a
/// revocation list needs the supervisor role.
public struct SearchRoutes: Sendable {
    let policy: ServerPolicy?
    let database: ServerDatabase
    let access: ServerAccess
    let pool: BlockingPool

    public init(policy: ServerPolicy?, database: ServerDatabase, access: ServerAccess, pool: BlockingPool) {
        self.policy = policy
        self.database = database
        self.access = access
        self.pool = pool
    }

    public static let searchRoles: Set<ServerRole> = [.searcher, .supervisor]
    public static let approvalHeader = HTTPField.Name("Milepost-Search-Approval")!
    public static let caseNumberHeader = HTTPField.Name("Milepost-Case-Number")!
    public static let purposeHeader = HTTPField.Name("Milepost-Purpose")!
    /// Reads gathered before each write to the connection.
    static let flushBytes = 64 * 1024

    struct SearchRequest: Decodable {
        var approval: String
        var caseNumber: String
        var purpose: String?
        var plate: String?
        var from: UTCTime
        var to: UTCTime
        var bulkExport: Bool?
        var format: SearchResultFormat?
    }

    public func add<Context: ServerAuthenticatedContext>(to router: Router<Context>) {
        router.post("api/search") { request, context -> Response in
            let identity = try await access.require(Self.searchRoles, request, context: context)
            let source = context.auditSource
            let asked: SearchRequest
            let query: SearchQuery
            let gate: SearchGate
            do {
                gate = try requirePolicy().gate
                asked = try await request.decode(as: SearchRequest.self, context: context)
                query = try Self.query(asked)
            } catch {
                // Refused before the gate: audited one by one, like the gate's refusals.
                try await access.record(AuditEvent(type: "search.denied", actor: identity.actor, source: source, object: "search",
                                                   outcome: .denied(reason: (error as? HTTPError)?.body ?? "\(error)")))
                throw error
            }
            let permit = try await policyCall {
                try gate.authorize(query, approvalToken: asked.approval.trimmingCharacters(in: .whitespacesAndNewlines), requester: identity.actor,
                                   source: source, statedCaseNumber: asked.caseNumber, statedPurpose: asked.purpose)
            }
            return try await stream(permit, format: asked.format ?? .jsonl, gate: gate)
        }

        router.get("api/reads/:unit/:seq/crop") { request, context -> Response in
            let identity = try await access.require(Self.searchRoles, request, context: context)
            let unit = try context.parameters.require("unit")
            let sequence = try context.parameters.require("seq", as: Int64.self)
            let object = "crop of \(unit) seq \(sequence)"
            let gate: SearchGate
            let approval: String, caseNumber: String
            do {
                gate = try requirePolicy().gate
                guard let token = request.headers[Self.approvalHeader], let stated = request.headers[Self.caseNumberHeader] else {
                    throw HTTPError(.badRequest, message: "a crop is fetched under the search's approval: send headers \(Self.approvalHeader) and \(Self.caseNumberHeader)")
                }
                approval = token
                caseNumber = stated
            } catch {
                try await access.record(AuditEvent(type: "search.crop", actor: identity.actor, source: context.auditSource, object: object,
                                                   outcome: .denied(reason: (error as? HTTPError)?.body ?? "\(error)")))
                throw error
            }
            let stored = try await storedCrop(unit: unit, sequence: sequence)
            guard let stored, let unitID = try? UnitID(unit), let plate = try? PlatePattern(stored.plate) else {
                try await access.record(AuditEvent(type: "search.crop", actor: identity.actor, source: context.auditSource, object: object,
                                                   outcome: .denied(reason: "no such read stored")))
                throw HTTPError(.notFound, message: "no read \(unit) seq \(sequence) is stored")
            }
            let purpose = request.headers[Self.purposeHeader]
            let source = context.auditSource
            _ = try await policyCall {
                try gate.authorizeCrop(of: object, unit: unitID, plate: plate, capturedAt: stored.capturedAt, approvalToken: approval,
                                       requester: identity.actor, source: source, statedCaseNumber: caseNumber, statedPurpose: purpose)
            }
            return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "no-store"], body: .init(byteBuffer: stored.crop))
        }

        router.post("api/policy/revocations") { request, context -> Response in
            let identity = try await access.require([.supervisor], request, context: context)
            let body = try await request.body.collect(upTo: 1 << 20)
            let token = String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
            let source = context.auditSource
            let object = "revocation list posted from \(source)"
            let installed: RevocationList
            do {
                let policy = try requirePolicy()
                installed = try await policyCall { try policy.installRevocations(token, document: object) }
            } catch {
                try await access.record(AuditEvent(type: "policy.install-refused", actor: identity.actor, source: source, object: object,
                                                   outcome: .denied(reason: (error as? HTTPError)?.body ?? "\(error)")))
                throw error
            }
            try await access.record(AuditEvent(type: "policy.revocations-installed", actor: identity.actor, source: source,
                                               object: "revocation list version \(installed.version)",
                                               outcome: .recorded(detail: "\(installed.revokedIDs.count) revoked ids, expires \(installed.expires)")))
            return Response(status: .created, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "installed revocation list version \(installed.version)\n")))
        }
    }

    private func requirePolicy() throws -> ServerPolicy {
        guard let policy else {
            throw HTTPError(.serviceUnavailable, message: "searches are refused: server.json has no policyDirectory (the Chief's key and the revocation list)")
        }
        return policy
    }

    static func query(_ asked: SearchRequest) throws -> SearchQuery {
        let plate: PlatePattern?
        do {
            plate = try asked.plate.map { try PlatePattern($0) }
        } catch {
            throw HTTPError(.badRequest, message: "plate: \(error)")
        }
        return SearchQuery(kind: asked.bulkExport == true ? .bulkExport : .plateSearch, plate: plate, from: asked.from, to: asked.to)
    }

    /// Streams the permitted reads; the count is audited once the last is written.
    private func stream(_ permit: SearchGate.Permit, format: SearchResultFormat, gate: SearchGate) async throws -> Response {
        let sql = ReadSearchSQL(units: permit.units, plate: permit.query.plate, from: permit.query.from, to: permit.query.to)
        let rows: PostgresRowSequence
        do {
            rows = try await database.client.query(sql.query, logger: database.logger)
        } catch {
            let reason = "the database failed: \(PostgresFailure.describe(error))"
            try await policyCall { try gate.recordFailure(permit, reason: reason) }
            throw HTTPError(.serviceUnavailable, message: "search under approval \(permit.approvalID) failed: \(reason); the use stays counted")
        }
        let units = Set(permit.units.map(\.rawValue))
        let query = permit.query
        let pool = pool
        let body = ResponseBody { writer in
            var count = 0
            var buffer = ByteBuffer(string: format.header)
            do {
                for try await (unit, seq, time, plate, state, confidence, camera, authorization, readID)
                    in rows.decode((String, Int64, Int64, String, String?, Int32, String, String, String).self) {
                    let capturedAt = UTCTime(millisecondsSinceEpoch: time)
                    // The statement asked for this scope only; nothing outside it may leave even if it erred.
                    guard units.contains(unit), capturedAt >= query.from, capturedAt <= query.to,
                          query.plate?.matches(characters: Array(plate.utf8)) ?? true else { continue }
                    let read = ServerFoundRead(unit: unit, seq: seq, capturedAt: capturedAt, plate: plate, state: state, confidence: Int(confidence),
                                               camera: camera, authorization: authorization, readID: readID)
                    buffer.writeString(try format.line(read))
                    count += 1
                    if buffer.readableBytes >= Self.flushBytes {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            } catch {
                let reason = "stopped after \(count) reads: \(PostgresFailure.describe(error))"
                _ = try? await pool.run { try gate.recordFailure(permit, reason: reason) }
                throw error
            }
            let total = count
            try await pool.run { try gate.recordCompletion(permit, resultCount: total) }
            try await writer.finish(nil)
        }
        var headers: HTTPFields = [.contentType: format.contentType, .cacheControl: "no-store"]
        headers[Self.approvalHeader] = permit.approvalID
        headers[HTTPField.Name("Milepost-Search-Use")!] = "\(permit.use) of \(permit.maxUses)"
        return Response(status: .ok, headers: headers, body: body)
    }

    struct StoredCrop {
        var plate: String
        var capturedAt: UTCTime
        var crop: ByteBuffer
    }

    private func storedCrop(unit: String, sequence: Int64) async throws -> StoredCrop? {
        do {
            let rows = try await database.client.query("""
                SELECT plate, (extract(epoch FROM captured_at) * 1000)::bigint, crop FROM reads WHERE unit_id = \(unit) AND seq = \(sequence) LIMIT 1
                """, logger: database.logger)
            for try await (plate, time, crop) in rows.decode((String, Int64, ByteBuffer).self) {
                return StoredCrop(plate: plate, capturedAt: UTCTime(millisecondsSinceEpoch: time), crop: crop)
            }
            return nil
        } catch {
            throw HTTPError(.serviceUnavailable, message: "the crop cannot be read now (the database is unavailable): \(PostgresFailure.describe(error))")
        }
    }

    /// Runs blocking policy work (audit and ledger writes) on the pool and turns refusals into
    /// HTTP statuses.
    private func policyCall<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await pool.run(body)
        } catch let error as PolicyError {
            throw HTTPError(Self.status(for: error.code), message: error.message)
        }
    }

    static func status(for code: PolicyError.Code) -> HTTPResponse.Status {
        switch code {
        case .malformedToken, .unsupportedTokenVersion, .invalidField, .wrongDocumentKind: return .badRequest
        case .auditUnavailable, .auditChainBroken, .io: return .serviceUnavailable
        default: return .forbidden
        }
    }
}
