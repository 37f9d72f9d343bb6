import Foundation
import MilepostCore
import MilepostIngest
import MilepostPolicy
import MilepostSystem
import Testing
@testable import MilepostService
import MilepostStorage

/// The uploader's real HTTP client against a small department server on loopback that checks
/// every batch's signature as the server does (`BatchSignature.verify`) before storing it.
@Suite struct ReadUploaderHTTPTests {
    @Test func signedBatchesAreAcceptedOverHTTPAndABatchSignedByAnotherKeyIsNot() async throws {
        let bench = try UploadBench()
        let server = try await LoopbackIngestServer(registered: [bench.unitKey.publicKey], logger: bench.logger)
        let port = server.port
        let settings = ServerSettings(url: "http://127.0.0.1:\(port)", loopbackTestServer: true)
        try settings.validate(path: "unit.json")

        let sequences = try bench.append(7)
        let transport = HTTPReadBatchTransport(url: settings.ingestURL, trusting: nil)
        let worker = try bench.worker(batchSize: 5, transport: transport)
        #expect(await worker.step() == 0)
        #expect(await worker.step() == 5_000)
        #expect(server.storedSequences == sequences)
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
        try await server.stop()
    }
}
