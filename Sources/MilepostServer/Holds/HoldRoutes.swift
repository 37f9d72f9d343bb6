import Foundation
import Hummingbird
import MilepostCore
import MilepostPolicy

/// The supervisor's evidence-hold routes (docs/server.md "Evidence holds"):
///
///     POST /api/holds                 {"caseNumber", "reason", "unit"?, "plate"?, "from", "to"} → the hold
///     GET  /api/holds                 every hold, newest first
///     POST /api/holds/{id}/release    → the released hold
///
/// `authorize` names the caller and where they called from, and throws unless they may place
/// holds (the server's access layer allows supervisors).
public struct HoldRoutes<Context: RequestContext>: Sendable {
    public typealias Authorize = @Sendable (Request, Context) async throws -> (actor: AuditActor, source: String)

    public let holds: EvidenceHolds
    public let authorize: Authorize

    public init(holds: EvidenceHolds, authorize: @escaping Authorize) {
        self.holds = holds
        self.authorize = authorize
    }

    public static var maximumBodyBytes: Int { 16_384 }

    public func add(to router: Router<Context>) {
        router.post("api/holds") { request, context -> Response in
            let caller = try await authorize(request, context)
            let body = try await request.body.collect(upTo: Self.maximumBodyBytes)
            let hold = try await answer { try await holds.place(try Self.decodeRequest(Data(buffer: body)), by: caller.actor, source: caller.source) }
            return try Self.json(hold, status: .created)
        }
        router.get("api/holds") { request, context -> Response in
            _ = try await authorize(request, context)
            return try Self.json(try await holds.list(), status: .ok)
        }
        router.post("api/holds/:id/release") { request, context -> Response in
            let caller = try await authorize(request, context)
            let text = context.parameters.get("id") ?? ""
            guard let id = UUID(uuidString: text) else { throw HTTPError(.badRequest, message: "'\(text)' is not an evidence hold id (a UUID)") }
            return try Self.json(try await answer { try await holds.release(id, by: caller.actor, source: caller.source) }, status: .ok)
        }
    }

    private func answer<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as EvidenceHoldError {
            switch error {
            case .invalidRequest: throw HTTPError(.badRequest, message: error.description)
            case .unknownHold: throw HTTPError(.notFound, message: error.description)
            case .alreadyReleased: throw HTTPError(.conflict, message: error.description)
            }
        }
    }

    static func decodeRequest(_ data: Data) throws -> EvidenceHoldRequest {
        do {
            return try JSONDecoder().decode(EvidenceHoldRequest.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw EvidenceHoldError.invalidRequest(field: key.stringValue, reason: "is missing")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw EvidenceHoldError.invalidRequest(field: context.codingPath.map(\.stringValue).joined(separator: "."), reason: context.debugDescription)
        } catch let DecodingError.typeMismatch(_, context) {
            throw EvidenceHoldError.invalidRequest(field: context.codingPath.map(\.stringValue).joined(separator: "."), reason: context.debugDescription)
        } catch {
            throw HTTPError(.badRequest, message: "the evidence hold request is not a JSON object: \(error.localizedDescription)")
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
