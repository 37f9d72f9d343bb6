import MilepostCore
import Foundation
import MilepostHardware
import Testing
@testable import MilepostService
import MilepostHardwareTesting

@Suite struct SequencedCaptureCyclesTests {
    final class SwitchableGate: CaptureGate, Sendable {
        private let open = Locked(true)
        func set(_ value: Bool) { open.withLock { $0 = value } }
        func isCaptureAllowed() -> Bool { open.withLock { $0 } }
    }

    struct Rig {
        let clock = VirtualClock()
        let gate = SwitchableGate()
        let lines: BoardLines
        let cycles: SequencedCaptureCycles

        init() throws {
            let boardDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../Board").standardized.path
            var board = try BoardLoader(directory: boardDirectory).load("sim")
            board.gpio.simulatedChip?.presencePeriodMs = nil
            let provider = SimulatedGPIO(chips: [.init(name: "simchip0", label: "milepost-sim", lineCount: 8)],
                                         clock: clock, waitsInRealTime: false)
            lines = try BoardLines(board: board, provider: provider, consumer: "test")
            let sequencer = CaptureSequencer(trigger: lines.trigger, ir: lines.ir, timings: board.sequencer,
                                             protection: board.irProtection, clock: clock, gate: gate)
            let camera = PatternCamera(width: 64, height: 48, fps: 10, clock: clock)
            cycles = SequencedCaptureCycles(sequencer: sequencer, camera: camera)
        }
    }

    @Test func aCycleYieldsTheCamerasFrameAndLeavesIROff() async throws {
        let rig = try Rig()
        try await rig.cycles.camera.start()
        let frame = try #require(try await rig.cycles.runCycle())
        #expect(frame.image.width == 64)
        #expect(frame.image.height == 48)
        #expect(try rig.lines.ir.allSatisfy { try !$0.isActive() })
        #expect(try !rig.lines.trigger.isActive())
    }

    @Test func aClosedGateFiresNothing() async throws {
        let rig = try Rig()
        rig.gate.set(false)
        await #expect(throws: CycleNotRun.self) { try await rig.cycles.runCycle() }
        #expect(try rig.lines.ir.allSatisfy { try !$0.isActive() })
    }

    @Test func makeSafeTurnsALitIlluminatorOff() async throws {
        let rig = try Rig()
        for line in rig.lines.ir { try line.setActive(true) }
        await rig.cycles.makeSafe()
        #expect(try rig.lines.ir.allSatisfy { try !$0.isActive() })
    }
}
