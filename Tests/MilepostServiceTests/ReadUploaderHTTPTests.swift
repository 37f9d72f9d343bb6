import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MilepostCore
import MilepostIngest
import MilepostPolicy
import MilepostSystem
import ServiceLifecycle
import Testing
@testable import MilepostService
import MilepostStorage

/// The uploader's real HTTP client against a small department server on loopback that checks
/// every batch's signature as the server does (`BatchSignature.verify`) before storing it.
@Suite struct ReadUploaderHTTPTests {
    @Test func signedBatchesAreAcceptedOverHTTPAndABatchSignedByAnotherKeyIsNot() async throws {
        let bench = try UploadBench()
        let registered = [bench.unitKey.id: bench.unitKey.publicKey]
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
            let through = stored.withLock { reads -> UInt64 in
                for read in batch.reads { reads[read.sequence] = read }
                return batch.lastSequence ?? 0
            }
            let acknowledgement = try JSONEncoder().encode(IngestAcknowledgement(unitID: batch.unitID, storedThrough: through,
                                                                                 newlyStored: batch.reads.count))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: acknowledgement)))
        }
        let (ports, portFound) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { portFound.yield($0.localAddress?.port ?? 0) }, logger: bench.logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: bench.logger))
        let running = Task { try await group.run() }
        var portIterator = ports.makeAsyncIterator()
        let port = try #require(await portIterator.next())
        let settings = ServerSettings(url: "http://127.0.0.1:\(port)", loopbackTestServer: true)
        try settings.validate(path: "unit.json")

        let sequences = try bench.append(7)
        let transport = HTTPReadBatchTransport(url: settings.ingestURL, trusting: nil)
        let worker = try bench.worker(batchSize: 5, transport: transport)
        #expect(await worker.step() == 0)
        #expect(await worker.step() == 5_000)
        #expect(stored.withLock { $0.keys.sorted() } == sequences)
        #expect(try bench.cursorOnDisk == sequences.last)

        let stranger = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: "unit-7", organisation: "Elsewhere PD"))
        try bench.append(1)
        let forged = ReadUploadWorker(store: bench.store, cursor: try UploadCursor.open(for: bench.store, fileSystem: bench.files),
                                      unitID: "unit-7", unitKey: stranger, transport: transport, settings: UploadSettings(),
                                      lane: bench.lane, audit: bench.audit, policyLane: bench.policyLane, health: bench.health,
                                      clock: bench.clock, jitter: UploadBench.MiddleJitter(), logger: bench.logger)
        #expect(await forged.step() == 750)
        #expect(bench.health.current.lastFailure?.contains("HTTP 401") == true)
        #expect(bench.health.current.lastFailure?.contains("not a registered unit key") == true)
        #expect(try bench.cursorOnDisk == sequences.last)

        try await transport.shutdown()
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
