import Foundation
import MilepostCore
import XCTest
@testable import MilepostHardware

/// libgpiod against the kernel's gpio-sim, in the VM.
final class VMGPIOTests: XCTestCase {
    let provider = LibgpiodProvider()

    override func setUpWithError() throws { try VMEnvironment.requireVM() }

    func testChipIsFoundByLabelAndMissingChipsListWhatExists() throws {
        let chip = try provider.openChip(VMEnvironment.chipLabel)
        XCTAssertEqual(chip.lineCount, 8)
        XCTAssertTrue(provider.chips().contains { $0.label == VMEnvironment.chipLabel })
        XCTAssertThrowsError(try provider.openChip("pinctrl-bcm2711")) { error in
            guard case GPIOError.noSuchChip(_, let available) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(available.contains { $0.label == VMEnvironment.chipLabel && $0.name == chip.name }, "\(available)")
        }
        XCTAssertThrowsError(try chip.requestOutput(8, settings: .init(consumer: "t"), initiallyActive: false)) { error in
            XCTAssertEqual(error as? GPIOError, .lineOutOfRange(chip: chip.name, line: 8, lineCount: 8))
        }
    }

    func testBusyLineNamesItsHolder() throws {
        let holderChip = try provider.openChip(VMEnvironment.chipLabel)
        let held = try holderChip.requestOutput(7, settings: .init(consumer: "other-holder"), initiallyActive: false)
        defer { held.release() }
        let chip = try provider.openChip(VMEnvironment.chipLabel)
        XCTAssertThrowsError(try chip.requestInput(7, settings: .init(consumer: "milepost"))) { error in
            XCTAssertEqual(error as? GPIOError, .lineBusy(chip: chip.name, line: 7, consumer: "other-holder"))
        }
        XCTAssertThrowsError(try holderChip.requestInput(7, settings: .init(consumer: "again"))) { error in
            XCTAssertEqual(error as? GPIOError, .alreadyRequested(chip: chip.name, line: 7))
        }
        let info = try chip.lineInfo(7)
        XCTAssertTrue(info.isUsed)
        XCTAssertEqual(info.consumer, "other-holder")
    }

    func testOutputsAreSeenInSimValueWithPolarity() throws {
        let chip = try provider.openChip(VMEnvironment.chipLabel)
        let plain = try chip.requestOutput(0, settings: .init(consumer: "trigger"), initiallyActive: false)
        let inverted = try chip.requestOutput(1, settings: .init(consumer: "ir", activeLow: true), initiallyActive: false)
        defer { plain.release(); inverted.release() }
        XCTAssertEqual(try VMEnvironment.simValue(0), "0")
        XCTAssertEqual(try VMEnvironment.simValue(1), "1", "inactive active-low output is high")
        try plain.setActive(true)
        try inverted.setActive(true)
        XCTAssertEqual(try VMEnvironment.simValue(0), "1")
        XCTAssertEqual(try VMEnvironment.simValue(1), "0")
        XCTAssertTrue(try plain.isActive())
        try plain.setActive(false)
        XCTAssertEqual(try VMEnvironment.simValue(0), "0")
    }

    func testInputsDrivenByPullDeliverTimestampedEdges() throws {
        let clock = SystemMonotonicClock()
        try VMEnvironment.setPull(4, up: false)
        try VMEnvironment.setPull(5, up: false)
        let chip = try provider.openChip(VMEnvironment.chipLabel)
        let input = try chip.requestInput(4, settings: .init(consumer: "presence"))
        let inverted = try chip.requestInput(5, settings: .init(consumer: "tamper", activeLow: true))
        defer { input.release(); inverted.release() }
        XCTAssertFalse(try input.isActive())
        XCTAssertTrue(try inverted.isActive(), "pulled down, active-low: active")
        XCTAssertNil(try input.nextEvent(timeout: .milliseconds(50)))

        // Each edge is read before the next pull change: with both edges requested, the v1
        // uAPI names an edge by the line level when the kernel's IRQ thread runs, so a pulse
        // shorter than that latency (easy under qemu TCG) comes out as two falling edges.
        let before = clock.now()
        try VMEnvironment.setPull(4, up: true)
        let middle = clock.now()
        let rising = try XCTUnwrap(try input.nextEvent(timeout: .seconds(2)))
        try VMEnvironment.setPull(4, up: false)
        let after = clock.now()
        let falling = try XCTUnwrap(try input.nextEvent(timeout: .seconds(2)))
        XCTAssertEqual(rising.edge, .rising)
        XCTAssertEqual(falling.edge, .falling)
        XCTAssertTrue(before <= rising.timestamp && rising.timestamp <= middle, "\(before) \(rising.timestamp) \(middle)")
        XCTAssertTrue(middle <= falling.timestamp && falling.timestamp <= after, "\(middle) \(falling.timestamp) \(after)")

        try VMEnvironment.setPull(5, up: true)
        let edge = try XCTUnwrap(try inverted.nextEvent(timeout: .seconds(2)))
        XCTAssertEqual(edge.edge, .falling, "active-low input going high is a logical falling edge")
        XCTAssertFalse(try inverted.isActive())
    }

    func testSequencerPulseOrderOnRealLines() async throws {
        let chip = try provider.openChip(VMEnvironment.chipLabel)
        let trigger = try chip.requestOutput(0, settings: .init(consumer: "trigger"), initiallyActive: false)
        let ir = try chip.requestOutput(2, settings: .init(consumer: "ir"), initiallyActive: false)
        // Timings long enough to observe by polling sysfs under TCG.
        let timings = SequencerTimings(irLeadUs: 60_000, triggerWidthUs: 40_000, exposureUs: 150_000)
        let sequencer = CaptureSequencer(trigger: trigger, ir: [ir], timings: timings,
                                         protection: IRProtection(maxDutyCycle: 0.5, windowMs: 2000, maxDelayMs: 0),
                                         clock: SystemMonotonicClock(), gate: AlwaysAllowCapture())
        let trace = SimLineTrace(lines: [0, 2])
        trace.start()
        let outcome = try await sequencer.runCycle()
        try await Task.sleep(for: .milliseconds(30))
        let transitions = trace.stop()
        await sequencer.shutdown()

        guard case .captured(let record) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(transitions.map(\.description), ["2:1", "0:1", "0:0", "2:0"], "observed order of line changes")
        XCTAssertGreaterThanOrEqual(record.triggerRise - record.irOn, .milliseconds(60))
        XCTAssertGreaterThanOrEqual(record.triggerFall - record.triggerRise, .milliseconds(40))
        XCTAssertGreaterThanOrEqual(record.irOff - record.triggerRise, .milliseconds(150))
        XCTAssertEqual(try VMEnvironment.simValue(0), "0")
        XCTAssertEqual(try VMEnvironment.simValue(2), "0")
    }
}

/// Polls gpio-sim's `value` files on a thread and records each change in order.
final class SimLineTrace: Sendable {
    struct Change: CustomStringConvertible {
        var line: Int
        var value: String
        var description: String { "\(line):\(value)" }
    }

    let lines: [Int]
    private let running = Locked(true)
    private let changes = Locked<[Change]>([])
    private let done = DispatchSemaphore(value: 0)
    private let ready = DispatchSemaphore(value: 0)

    init(lines: [Int]) { self.lines = lines }

    /// Returns once the first levels have been read, so no early change is missed.
    func start() {
        let paths = lines.map { (try? VMEnvironment.simLineDirectory($0)).map { $0 + "/value" } ?? "" }
        Thread.detachNewThread { [self] in
            var last = paths.map { (try? VMEnvironment.read($0)) ?? "?" }
            ready.signal()
            while running.withLock({ $0 }) {
                for (index, path) in paths.enumerated() {
                    let value = (try? VMEnvironment.read(path)) ?? "?"
                    if value != last[index] {
                        changes.withLock { $0.append(Change(line: lines[index], value: value)) }
                        last[index] = value
                    }
                }
            }
            done.signal()
        }
        ready.wait()
    }

    func stop() -> [Change] {
        running.withLock { $0 = false }
        done.wait()
        return changes.withLock { $0 }
    }
}
