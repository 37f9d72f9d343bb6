// Reduced from StatusRoutes' /status handler. With Swift 6.3.1 at -O -wmo (what
// `swift build -c release` does) the `var` form below returns a Status whose refusalReason is
// stale or uninitialised once the decision is `.allowed`, and the real unit crashed encoding
// it. Compiled with -D WORKAROUND it builds the Status in one expression, as StatusRoutes does.
import Foundation

struct Site: Equatable { var latitude: Double; var longitude: Double; var description: String }
enum Clearance: Equatable {
    case allowed(id: String, lists: Set<String>, site: Site)
    case refused(reason: String)
}
struct Status: Encodable { var unitID: String; var refusalReason: String? }

final class Router {
    var handler: (() async throws -> String)?
    func get<Output: Encodable>(_ closure: @escaping () async throws -> Output) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        handler = { String(decoding: try encoder.encode(try await closure()), as: UTF8.self) }
    }
}
final class Holder { var decision: Clearance? }

func refusalReason(of decision: Clearance?) -> String? {
    switch decision {
    case nil: return "not consulted yet"
    case .refused(let reason)?: return reason
    case .allowed?: return nil
    }
}

@main struct Main {
    static func main() async throws {
        let holder = Holder()
        let router = Router()
        router.get { () -> Status in
            let decision = holder.decision
            #if WORKAROUND
            return Status(unitID: "unit-1", refusalReason: refusalReason(of: decision))
            #else
            var status = Status(unitID: "unit-1", refusalReason: nil)
            if case .refused(let reason)? = decision { status.refusalReason = reason }
            if decision == nil { status.refusalReason = "not consulted yet" }
            return status
            #endif
        }
        print(try await router.handler!())
        holder.decision = .refused(reason: "no authorization")
        print(try await router.handler!())
        holder.decision = .allowed(id: "SIM", lists: ["stolen"], site: Site(latitude: 1, longitude: 2, description: "x"))
        print(try await router.handler!())
    }
}
