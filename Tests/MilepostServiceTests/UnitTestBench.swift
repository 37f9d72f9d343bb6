import Foundation
import Logging
import MilepostCore
import MilepostHardware
import MilepostHotlist
import MilepostImaging
import MilepostPolicy
import MilepostTesting
@testable import MilepostService
import MilepostSystem
import MilepostHardwareTesting

/// A whole unit on the simulated board, in-process: a provisioned state directory (Chief and
/// unit keys, a revocation list and a targeting authorization valid now), the `sim` board file
/// with a simulated GPIO chip the test watches and drives, a scripted camera, and the shipped
/// model. The board's time is a `VirtualClock`, so capture cycles run without real waiting.
final class UnitTestBench: Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let unitID: UnitID = "unit-7"

    let directory: TemporaryDirectory
    let layout: UnitStateLayout
    let boardFile: BoardFile
    let clock = VirtualClock()
    /// The unit's wall time: fixed unless a test moves it.
    let wallClock = ManualWallClock(UTCTime(rfc3339: "2026-12-07T12:00:00Z")!)
    let gpio: SimulatedGPIO
    let camera: ScriptedCamera
    let chip: String
    /// The unit's own blocking pool: a running unit's presence watcher holds a pool thread for
    /// as long as it runs, so units of tests running side by side must not share one (under
    /// ThreadSanitizer four of them took every thread of the shared test pool and hung the run).
    let pool = BlockingPool(threadCount: UnitLanes.poolThreadCount)

    init(_ label: String) throws {
        directory = try TemporaryDirectory(label)
        layout = UnitStateLayout(root: directory.path)
        boardFile = try BoardLoader(directory: Self.repository + "/Board").load("sim")
        let sim = boardFile.gpio.simulatedChip!
        chip = sim.name
        gpio = SimulatedGPIO(chips: [.init(name: sim.name, label: sim.label, lineCount: sim.lines)], clock: clock,
                             waitsInRealTime: true)
        // Enough frames for every cycle a test asks for: a camera with none left retries at once
        // on the virtual clock.
        let frame = LumaImage(width: 160, height: 120, pixels: [UInt8](repeating: 128, count: 160 * 120))
        camera = ScriptedCamera(steps: Array(repeating: .frame(frame), count: 16), clock: clock)
        try Self.provision(layout, now: wallClock.now())
    }

    deinit {
        directory.remove()
        Task { [pool] in try? await pool.shutdown() }
    }

    /// The configuration: the sim board, a small store, an ephemeral API port.
    func config(_ change: (inout UnitConfig) -> Void = { _ in }) throws -> UnitConfig {
        let file = directory.appending("unit.json")
        try Data("""
            {"unitID": "\(Self.unitID)", "cameraID": "cam0", "board": "sim", "stateDirectory": "\(layout.root)",
             "storeCapacityBytes": 4194304, "retentionDays": 365, "httpHost": "127.0.0.1", "httpPort": 8640, "plainHTTPOnLoopback": true,
             "minimumConfidence": 500}
            """.utf8).write(to: URL(fileURLWithPath: file))
        var config = try UnitConfig.load(from: URL(fileURLWithPath: file))
        config.httpPort = 0
        change(&config)
        return config
    }

    func unit(_ config: UnitConfig, boards: (any UnitBoardSource)? = nil) -> MilepostUnit {
        var logger = Logger(label: "unit-test")
        logger.logLevel = .error
        return MilepostUnit(config: config, layout: layout, boards: boards ?? SimulatedBoard(bench: self),
                            modelPath: Self.repository + "/Config/model/milepost-plates.mpw",
                            clocks: UnitClocks(board: clock, wall: wallClock), pool: pool, logger: logger)
    }

    // MARK: What the test watches

    /// Each IR line's last level, and whether some process still holds it.
    var irLines: [(on: Bool, held: Bool)] {
        boardFile.gpio.ir.map { spec in
            (gpio.level(chip: chip, line: spec.line) != spec.activeLow, gpio.consumer(chip: chip, line: spec.line) != nil)
        }
    }

    var irIsOffAndReleased: Bool { irLines.allSatisfy { !$0.on && !$0.held } }

    var anyLineHeld: Bool {
        boardFile.gpio.rolesAndLines.contains { gpio.consumer(chip: chip, line: $0.line.line) != nil }
    }

    /// How many times the IR was switched on.
    var irPulses: Int {
        let first = boardFile.gpio.ir[0].line
        return gpio.outputChanges.filter { $0.line == first && $0.active }.count
    }

    /// Files under the read store this process has open (its segment files while it is open).
    var openStoreFiles: Int {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.filter { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd))?.hasPrefix(layout.reads + "/") ?? false
        }.count
    }

    /// Whether another process could take the audit log and the notice outbox now: both are
    /// locked with flock, which also refuses a second open file in the same process.
    var auditAndOutboxAreFree: Bool {
        let audit = try? FileAuditStorage(path: UnitPolicyLayout(root: layout.policy).auditLog)
        let outbox = try? WriterLock(directory: layout.outbox)
        return audit != nil && outbox != nil
    }

    /// A vehicle arrives: the presence input's logical rising edge (the sim line is active-low).
    func vehicleArrives() {
        let presence = boardFile.gpio.presence
        gpio.drive(chip: chip, line: presence.line, level: !presence.activeLow)
        gpio.drive(chip: chip, line: presence.line, level: presence.activeLow)
    }

    /// Waits, yielding and napping briefly, until `condition` holds; false after `limit`.
    func wait(upTo limit: Duration = .seconds(60), until condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    // MARK: Provisioning

    private static func provision(_ layout: UnitStateLayout, now: UTCTime) throws {
        let policyLayout = UnitPolicyLayout(root: layout.policy)
        let files = DiskFileSystem()
        try files.createDirectory(layout.policy, permissions: 0o700)
        let chief = PolicySigningKey.generate(holder: KeyHolder(role: .chief, name: "Chief A. Example", organisation: "Leicester PD"))
        let unitKey = PolicySigningKey.generate(holder: KeyHolder(role: .unit, name: unitID.rawValue, organisation: "Leicester PD"))
        try files.writeFileAtomically(policyLayout.chiefPublicKey, Array(KeyFile.render(chief.publicKey).utf8), permissions: 0o644)
        try files.writeFileAtomically(policyLayout.unitKey, Array(KeyFile.render(unitKey).utf8), permissions: 0o600)
        let issued = now.adding(seconds: -60)
        let list = RevocationList(version: 1, revoked: [], expires: now.adding(seconds: 24 * 3600),
                                  approvingOfficial: ApprovingOfficial(key: chief), issuedAt: issued)
        let authorization = TargetingAuthorization(
            id: "auth-1", serial: 1, units: [unitID],
            site: .init(latitude: 42.2459, longitude: -71.9092, description: "Main St at Rte 9"),
            purpose: .routinePatrol, hotlists: ["stolen"], notBefore: issued, expires: now.adding(seconds: 8 * 3600),
            approvingOfficial: ApprovingOfficial(key: chief), issuedAt: issued)
        let policy = try UnitPolicy.open(root: layout.policy, clock: ManualWallClock(now))
        let installer = AuditActor(id: "tech", organisation: "Leicester PD")
        try policy.install(token: try SignedDocument.sign(list, kind: .revocationList, key: chief), actor: installer,
                           source: "test", document: "rl")
        try policy.install(token: try SignedDocument.sign(authorization, kind: .targetingAuthorization, key: chief),
                           actor: installer, source: "test", document: "auth")
    }
}

/// The bench's simulated board under the name `sim`; any other name is not found.
struct SimulatedBoard: UnitBoardSource {
    let bench: UnitTestBench

    var description: String { "the test's simulated board" }

    func board(named name: String, clock: any MonotonicClock, pool: BlockingPool) throws -> UnitBoard {
        guard name == bench.boardFile.name else { throw BoardError.unknownBoard(name, directory: description, available: ["sim"]) }
        return UnitBoard(file: bench.boardFile, gpio: bench.gpio, camera: bench.camera)
    }
}
