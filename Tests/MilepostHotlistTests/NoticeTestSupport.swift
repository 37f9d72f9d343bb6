import MilepostCore

@testable import MilepostHotlist

func sampleNotice(id: String = "n-1", plate: String = "ABC1234", priority: ListPriority = .routine, capturedAt: Int64 = 1_795_000_000_000,
                  pass: PassAgreement? = nil) -> HitNotice {
    let list = ActiveHotlist(settings: ListSettings(name: "ncic", priority: priority), version: 3, importedAt: 0, sourceFile: "f", entries: [entry(plate)])
    var plateRead = read(plate, state: "MA", confidence: 930, at: capturedAt)
    plateRead.crop = [0xFF, 0xD8, 1, 2]
    plateRead.pass = pass
    let hits = HotlistMatcher(lists: [list]).match(plateRead, permitted: ["ncic"], at: 0)
    let capture = CaptureContext(
        site: Site(latitude: 42.24, longitude: -71.91, description: "Route 9 at Main St"),
        contextJPEG: [0xFF, 0xD8, 3, 4])
    return HitNotice(id: id, hits: hits, capture: capture)
}

/// A webhook transport that answers from a script and records every request.
final class ScriptedTransport: WebhookTransport {
    struct Request: Sendable {
        let url: String
        let headers: [String: String]
        let body: [UInt8]
    }

    enum Answer: Sendable {
        case status(Int)
        case refused
    }

    private let state: Locked<(answers: [Answer], requests: [Request])>
    let fallback: Answer

    init(answers: [Answer] = [], fallback: Answer = .status(200)) {
        state = Locked((answers, []))
        self.fallback = fallback
    }

    var requests: [Request] { state.withLock { $0.requests } }

    struct ConnectionRefused: Error {}

    func post(url: String, headers: [(String, String)], body: [UInt8], timeoutMillis: Int64) async throws -> Int {
        let answer = state.withLock { state -> Answer in
            state.requests.append(Request(url: url, headers: Dictionary(headers, uniquingKeysWith: { $1 }), body: body))
            return state.answers.isEmpty ? fallback : state.answers.removeFirst()
        }
        switch answer {
        case .status(let code): return code
        case .refused: throw ConnectionRefused()
        }
    }
}

struct FixedJitter: JitterSource {
    let value: Double
    func next() -> Double { value }
}

enum KnownVector {
    static let hmacKeyOneDotBraces = "1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224"
}
