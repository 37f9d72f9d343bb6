import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MilepostCore
import MilepostIngest
import MilepostPolicy
import ServiceLifecycle

/// A small department server on loopback for the uploader's HTTP tests: it checks every batch's
/// signature as the server does (`BatchSignature.verify`, against the registered unit keys),
/// answers 401 naming the fault when it fails, and otherwise stores each read once by sequence
/// and acknowledges the batch.
final class LoopbackIngestServer: Sendable {
    let port: Int
    private let stored: Locked<[UInt64: SequencedRead]>
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    var storedSequences: [UInt64] { stored.withLock { $0.keys.sorted() } }

    init(registered keys: [PolicyPublicKey], logger: Logger) async throws {
        let registered = Dictionary(uniqueKeysWithValues: keys.map { ($0.id, $0) })
        let stored = Locked<[UInt64: SequencedRead]>([:])
        let router = Router()
        router.post("api/ingest/reads") { request, _ -> Response in
            let body = Array(buffer: try await request.body.collect(upTo: ReadBatchCodec.maximumBodyBytes))
            let batch: ReadBatch
            do {
                batch = try ReadBatchCodec.decode(body)
                _ = try BatchSignature.verify(request.headers[HTTPField.Name(BatchSignature.headerName)!], body: body,
                                              unitID: batch.unitID, registered: { registered[$0] })
            } catch {
                return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: "\(error)")))
            }
            stored.withLock { reads in
                for read in batch.reads where reads[read.sequence] == nil { reads[read.sequence] = read }
            }
            let acknowledgement = try JSONEncoder().encode(IngestAcknowledgement(unitID: batch.unitID, storedThrough: batch.lastSequence ?? 0,
                                                                                 newlyStored: batch.reads.count))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: acknowledgement)))
        }
        let (ports, portFound) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { portFound.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        running = Task { try await group.run() }
        var portIterator = ports.makeAsyncIterator()
        port = await portIterator.next() ?? 0
        self.stored = stored
        self.group = group
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
