import Foundation
import Logging
import MilepostCore
import MilepostPolicy
import MilepostStorage
import MilepostSystem
import ServiceLifecycle
import Testing
@testable import MilepostService

/// The whole unit on the simulated board with a `server` section: its uploader runs among the
/// unit's services, forwards what the store holds, and stops with the unit.
@Suite(.serialized) struct UnitUploadTests {
    static let quiet: Logger = {
        var logger = Logger(label: "unit-upload-test")
        logger.logLevel = .critical
        return logger
    }()

    @Test func aUnitWithAServerSectionForwardsItsStoredReadsAndKeepsTheCursor() async throws {
        let bench = try UnitTestBench("unit-upload")
        let unitKey = try KeyStore(fileSystem: DiskFileSystem()).loadSigningKey(UnitPolicyLayout(root: bench.layout.policy).unitKey)
        let server = try await LoopbackIngestServer(registered: [unitKey.publicKey], logger: Self.quiet)
        let config = try bench.config {
            $0.server = ServerSettings(url: "http://127.0.0.1:\(server.port)", loopbackTestServer: true)
        }
        let store = try ReadStore.open(config.readStoreConfiguration(in: bench.layout), clock: bench.wallClock)
        let sequences = try (0..<3).map { n in
            try store.append(.sample(try PlateText(normalizing: "UNIT\(n)"), at: bench.wallClock.now(), unit: UnitTestBench.unitID))
        }
        store.close()

        let group = ServiceGroup(configuration: .init(services: [bench.unit(config)], logger: Self.quiet))
        let running = Task { try await group.run() }
        #expect(await bench.wait { server.storedSequences == sequences }, "every stored read reaches the server")
        await group.triggerGracefulShutdown()
        try await running.value
        try await server.stop()

        let reopened = try ReadStore.open(config.readStoreConfiguration(in: bench.layout), clock: bench.wallClock, mode: .readOnly)
        defer { reopened.close() }
        #expect(try UploadCursor.open(for: reopened, fileSystem: DiskFileSystem()).acknowledgedThrough == sequences.last)
    }
}
