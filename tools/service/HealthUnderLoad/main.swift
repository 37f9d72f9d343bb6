import AsyncHTTPClient
import Foundation
import Hummingbird
import MilepostCore
import MilepostImaging
import MilepostRecognition
import MilepostService
import MilepostSystem
import NIOCore

/// /health latency while recognition runs flat out: `workers` loops recognise dataset frames
/// without pause, on the unit's blocking pool (`--mode pool`, as the unit runs) or straight on
/// Swift's cooperative pool (`--mode cooperative`, for contrast), while one client asks for
/// /health every 10 ms. Prints the latency percentiles; in pool mode exits 1 if p99 >= 50 ms.
struct Settings {
    var mode = "pool"
    var seconds = 10.0
    var workers = 2 * ProcessInfo.processInfo.activeProcessorCount
    var model = "Config/model/milepost-plates.mpw"
    var images = "Board/sim-scenes"

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw Failure("\(flag) needs a value") }
            switch flag {
            case "--mode" where ["pool", "cooperative"].contains(value): mode = value
            case "--seconds": seconds = try Self.number(value, flag)
            case "--workers": workers = Int(try Self.number(value, flag))
            case "--model": model = value
            case "--images": images = value
            default: throw Failure("unknown option \(flag) \(value) (options: --mode pool|cooperative, --seconds, --workers, --model, --images)")
            }
        }
    }

    static func number(_ text: String, _ flag: String) throws -> Double {
        guard let value = Double(text), value > 0 else { throw Failure("\(flag) must be a positive number, got '\(text)'") }
        return value
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func loadFrames(from folder: String, limit: Int) throws -> [LumaImage] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jpg") }.sorted().prefix(limit)
    guard !names.isEmpty else { throw Failure("no .jpg images in \(folder)") }
    return try names.map { try ImageFile.readLuma(folder + "/" + $0) }
}

func percentile(_ sorted: [Duration], _ fraction: Double) -> Duration {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

func milliseconds(_ duration: Duration) -> String {
    String(format: "%.2f ms", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
}

func measure(_ settings: Settings) async throws -> Bool {
    let model = try WeightsFile.load(try ImageFile.read(settings.model))
    let recognizer = PlateRecognizer(model: model)
    let frames = try loadFrames(from: settings.images, limit: 16)
    let pool = BlockingPool(threadCount: settings.workers)
    let reader = RecognitionPlateReader(recognizer: recognizer, minimumConfidence: 0, pool: pool)

    let router = Router()
    router.get("health") { _, _ -> String in "ok" }
    let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                          onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) })
    let server = Task { try await app.run() }
    var ports = portStream.makeAsyncIterator()
    guard let port = await ports.next(), port > 0 else { throw Failure("the HTTP server did not start") }

    let deadline = ContinuousClock.now + .milliseconds(Int(settings.seconds * 1000))
    let recognitions = Locked(0)
    let workers = (0..<settings.workers).map { index in
        Task {
            var next = index
            while ContinuousClock.now < deadline {
                let frame = frames[next % frames.count]
                if settings.mode == "pool" {
                    _ = try await reader.readPlates(in: CapturedFrame(image: frame, capturedAtMilliseconds: 0))
                } else {
                    _ = recognizer.recognize(frame)
                }
                recognitions.withLock { $0 += 1 }
                next += settings.workers
            }
        }
    }

    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    var latencies: [Duration] = []
    while ContinuousClock.now < deadline {
        let started = ContinuousClock.now
        let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1024)
        guard response.status == .ok else { throw Failure("/health answered \(response.status)") }
        latencies.append(ContinuousClock.now - started)
        try await Task.sleep(for: .milliseconds(10))
    }
    for worker in workers { try await worker.value }
    try await client.shutdown()
    server.cancel()
    _ = try? await server.value
    try await pool.shutdown()

    let sorted = latencies.sorted()
    let p99 = percentile(sorted, 0.99)
    print("mode \(settings.mode), \(settings.workers) recognition workers on \(ProcessInfo.processInfo.activeProcessorCount) cores, \(settings.seconds) s")
    print("recognitions: \(recognitions.withLock { $0 }) (\(String(format: "%.1f", Double(recognitions.withLock { $0 }) / settings.seconds))/s)")
    print("/health: \(sorted.count) requests, p50 \(milliseconds(percentile(sorted, 0.5))), p99 \(milliseconds(p99)), max \(milliseconds(sorted.last!))")
    return settings.mode != "pool" || p99 < .milliseconds(50)
}

do {
    let settings = try Settings(Array(CommandLine.arguments.dropFirst()))
    let met = try await measure(settings)
    if !met { print("FAIL: /health p99 is 50 ms or more while recognition runs on the blocking pool") }
    exit(met ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("health-under-load: \(error)\n".utf8))
    exit(2)
}
