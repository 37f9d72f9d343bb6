import MilepostPolicy
import Foundation
import Logging
import MilepostTesting
import MilepostCore
import ServiceLifecycle
import Testing
@testable import MilepostService

/// The whole unit on the simulated board: the order its parts stop in, the IR off on every
/// way out, and a start that cannot complete. The order is seen by a probe service the unit
/// runs among its own, which the unit stops after capture and the API and before the store.
@Suite(.serialized) struct UnitLifecycleTests {
    /// What the bench showed when the unit asked the probe to stop.
    struct Snapshot: Sendable {
        var irOffAndReleased: Bool
        var cameraStops: Int
        var openStoreFiles: Int
    }

    /// Says when the unit has started it, and takes a snapshot when the unit stops it.
    struct Probe: Service {
        let bench: UnitTestBench
        let started: AsyncStream<Void>.Continuation
        let atStop = Locked<Snapshot?>(nil)

        func run() async throws {
            started.yield()
            try? await gracefulShutdown()
            atStop.withLock {
                $0 = Snapshot(irOffAndReleased: bench.irIsOffAndReleased, cameraStops: bench.camera.stopCount,
                              openStoreFiles: bench.openStoreFiles)
            }
        }
    }

    struct PartFailure: Error {}

    /// A part that fails while the unit runs, when the test says so.
    struct FailingPart: Service {
        let failNow: AsyncStream<Void>

        func run() async throws {
            for await _ in failNow { throw PartFailure() }
        }
    }

    static let quiet: Logger = {
        var logger = Logger(label: "unit-lifecycle-test")
        logger.logLevel = .critical
        return logger
    }()

    @Test func aGracefulStopTurnsTheIROffAndStopsCaptureFirstAndClosesTheStoreLast() async throws {
        let bench = try UnitTestBench("unit-stop")
        var unit = bench.unit(try bench.config())
        let serviceManager = RecordingServiceManager()
        unit.serviceManager = serviceManager
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        let probe = Probe(bench: bench, started: startedSignal)
        unit.addServices(probe)
        let group = ServiceGroup(configuration: .init(services: [unit], logger: Self.quiet))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for await _ in started { break }
            #expect(bench.openStoreFiles > 0, "the store is open while the unit runs")
            bench.vehicleArrives()
            #expect(await bench.wait { bench.irPulses == 1 }, "a vehicle under a valid authorization gets one capture cycle")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let seen = try #require(probe.atStop.withLock { $0 })
        #expect(serviceManager.messages.first?.hasPrefix("READY=1\nSTATUS=unit unit-7 running") == true, "systemd was told the unit is up")
        #expect(serviceManager.messages.last == "STOPPING=1", "and that it is stopping")
        #expect(seen.irOffAndReleased, "capture had stopped, the IR off and the lines given back, before the parts after it stopped")
        #expect(seen.cameraStops >= 1, "the camera had stopped with capture")
        #expect(seen.openStoreFiles > 0, "the store was still open while the parts before it stopped")
        #expect(bench.openStoreFiles == 0, "the store closed last")
        #expect(!bench.anyLineHeld)
        let audit = String(decoding: try Data(contentsOf: URL(fileURLWithPath: UnitPolicyLayout(root: bench.layout.policy).auditLog)),
                           as: UTF8.self)
        let permitted = try #require(audit.split(separator: "\n").first { $0.contains("capture.permitted") })
        #expect(permitted.contains("\"time\":\"2026-12-07T12:00:00"), "the unit keeps the wall time it is given: \(permitted)")
    }

    @Test func aPartFailingAtItsStartStopsTheUnitInOrderWithTheIROff() async throws {
        let bench = try UnitTestBench("unit-start-failure")
        var unit = bench.unit(try bench.config())
        let (_, startedSignal) = AsyncStream<Void>.makeStream()
        let probe = Probe(bench: bench, started: startedSignal)
        unit.addServices(probe, FailsAtStart())
        await #expect(throws: PartFailure.self, "the part's start failed") { try await unit.run() }
        let seen = try #require(probe.atStop.withLock { $0 })
        #expect(seen.irOffAndReleased, "the API's failure stopped capture first: IR off, lines given back")
        #expect(seen.openStoreFiles > 0, "the store was still open while the parts before it stopped")
        #expect(bench.openStoreFiles == 0, "the store closed last")
        #expect(!bench.anyLineHeld)
    }

    @Test func aPartThrowingWhileRunningStopsTheUnitInOrderWithTheIROff() async throws {
        let bench = try UnitTestBench("unit-run-failure")
        var unit = bench.unit(try bench.config())
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        let (failNow, fail) = AsyncStream<Void>.makeStream()
        let probe = Probe(bench: bench, started: startedSignal)
        unit.addServices(probe, FailingPart(failNow: failNow))
        let running = Task { [unit] in try await unit.run() }
        for await _ in started { break }
        bench.vehicleArrives()
        #expect(await bench.wait { bench.irPulses == 1 }, "the unit was capturing before the part failed")
        fail.yield()
        await #expect(throws: PartFailure.self, "the part's error is what the unit's run throws") { try await running.value }
        let seen = try #require(probe.atStop.withLock { $0 })
        #expect(seen.irOffAndReleased, "the failure stopped capture first: IR off, lines given back")
        #expect(seen.openStoreFiles > 0, "the store was still open while the parts before it stopped")
        #expect(bench.openStoreFiles == 0, "the store closed last")
        #expect(!bench.anyLineHeld)
    }

    enum BrokenStart: String, CaseIterable, Sendable {
        case unitKeyOfAnotherUnit, boardNotFound, webhookSecretMissing, portInUse, serverCAFileMissing
    }

    @Test(arguments: BrokenStart.allCases)
    func aStartWithABrokenConfigurationNamesTheFaultAndLeavesNothingHalfStarted(_ broken: BrokenStart) async throws {
        let bench = try UnitTestBench("unit-broken-\(broken.rawValue)")
        let missingSecret = bench.directory.appending("cad.secret")
        let listener = try LoopbackListener()
        let missingCA = bench.directory.appending("lpd-ca.pem")
        let config = try bench.config { config in
            switch broken {
            case .unitKeyOfAnotherUnit: config.unitID = "unit-9"
            case .boardNotFound: config.board = "rpi9"
            case .webhookSecretMissing:
                config.webhookReceivers = [WebhookReceiverSettings(name: "cad", url: "https://cad.example.gov/milepost",
                                                                   secretFile: missingSecret)]
            case .portInUse: config.httpPort = listener.port
            case .serverCAFileMissing:
                config.server = ServerSettings(url: "https://alpr.lpd.example.gov", caFile: missingCA)
            }
        }
        let error = await #expect(throws: UnitStartupError.self) { try await bench.unit(config).run() }
        let expected: [String] = switch broken {
        case .unitKeyOfAnotherUnit: ["unit identity", "'unit-7'", "'unit-9'"]
        case .boardNotFound: ["board 'rpi9'", "the test's simulated board"]
        case .webhookSecretMissing: ["webhook receivers in the configuration", "'cad'", missingSecret]
        case .portInUse: ["httpPort", "127.0.0.1:\(listener.port)", "already in use"]
        case .serverCAFileMissing: ["(server.caFile)", missingCA]
        }
        let message = "\(error.map { "\($0)" } ?? "")"
        for part in expected { #expect(message.contains(part), "\(message) names \(part)") }
        if broken == .webhookSecretMissing {
            #expect(!bench.gpio.outputChanges.isEmpty, "the lines had been requested before the step that failed")
        }
        #expect(!bench.anyLineHeld && bench.irIsOffAndReleased, "no GPIO line stays requested, the IR off")
        #expect(bench.openStoreFiles == 0, "the read store is not left open")
        #expect(bench.auditAndOutboxAreFree, "neither the audit log nor the outbox stays locked")
    }
}

/// A part whose start fails at once (a port taken after the unit's own check, a device gone).
struct FailsAtStart: Service {
    func run() async throws { throw UnitLifecycleTests.PartFailure() }
}
