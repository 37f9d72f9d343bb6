import XCTest
@testable import MilepostHardware
import MilepostHardwareTesting

final class SimulatedGPIOTests: XCTestCase {
    let clock = VirtualClock()
    lazy var gpio = SimulatedGPIO(chips: [
        .init(name: "gpiochip0", label: "pinctrl-test", lineCount: 8),
        .init(name: "gpiochip1", label: "expander", lineCount: 4),
    ], clock: clock)

    func testUnknownChipListsTheChipsThatExist() throws {
        XCTAssertThrowsError(try gpio.openChip("pinctrl-rp1")) { error in
            guard case let GPIOError.noSuchChip(name, available) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "pinctrl-rp1")
            XCTAssertEqual(available.map(\.name), ["gpiochip0", "gpiochip1"])
            XCTAssertTrue("\(error)".contains("gpiochip0 [pinctrl-test] with 8 lines"), "\(error)")
        }
    }

    func testChipOpensByNameLabelOrPath() throws {
        XCTAssertEqual(try gpio.openChip("gpiochip1").name, "gpiochip1")
        XCTAssertEqual(try gpio.openChip("expander").name, "gpiochip1")
        XCTAssertEqual(try gpio.openChip("/dev/gpiochip0").label, "pinctrl-test")
    }

    func testLineOutOfRangeNamesChipAndRange() throws {
        let chip = try gpio.openChip("gpiochip1")
        XCTAssertThrowsError(try chip.requestOutput(4, settings: .init(consumer: "t"), initiallyActive: false)) { error in
            XCTAssertEqual(error as? GPIOError, .lineOutOfRange(chip: "gpiochip1", line: 4, lineCount: 4))
            XCTAssertEqual("\(error)", "line 4 is out of range on gpiochip1, which has lines 0...3")
        }
    }

    func testBusyLineReportsItsConsumer() throws {
        gpio.holdExternally(chip: "gpiochip0", line: 3, consumer: "gpioset")
        let chip = try gpio.openChip("gpiochip0")
        XCTAssertThrowsError(try chip.requestInput(3, settings: .init(consumer: "milepost"))) { error in
            XCTAssertEqual(error as? GPIOError, .lineBusy(chip: "gpiochip0", line: 3, consumer: "gpioset"))
        }
    }

    func testReleasedLineCanBeRequestedAgain() throws {
        let chip = try gpio.openChip("gpiochip0")
        let first = try chip.requestOutput(2, settings: .init(consumer: "a"), initiallyActive: false)
        XCTAssertThrowsError(try chip.requestOutput(2, settings: .init(consumer: "b"), initiallyActive: false))
        first.release()
        XCTAssertThrowsError(try first.setActive(true)) { error in
            XCTAssertEqual(error as? GPIOError, .lineReleased(chip: "gpiochip0", line: 2))
        }
        let second = try chip.requestOutput(2, settings: .init(consumer: "b"), initiallyActive: false)
        XCTAssertEqual(gpio.consumer(chip: "gpiochip0", line: 2), "b")
        second.release()
    }

    func testPermissionDenied() {
        gpio.denyAccess(to: "gpiochip1")
        XCTAssertThrowsError(try gpio.openChip("expander")) { error in
            XCTAssertEqual(error as? GPIOError, .permissionDenied(chip: "gpiochip1", line: nil))
        }
    }

    func testActiveLowOutputDrivesTheLineLowWhenActive() throws {
        let chip = try gpio.openChip("gpiochip0")
        let line = try chip.requestOutput(1, settings: .init(consumer: "ir", activeLow: true), initiallyActive: false)
        XCTAssertTrue(gpio.level(chip: "gpiochip0", line: 1), "inactive active-low line sits high")
        try line.setActive(true)
        XCTAssertFalse(gpio.level(chip: "gpiochip0", line: 1))
        XCTAssertTrue(try line.isActive())
    }

    func testInputEdgesCarryTimestampsAndHonourActiveLowAndPullUp() throws {
        let chip = try gpio.openChip("gpiochip0")
        let input = try chip.requestInput(5, settings: .init(consumer: "presence", activeLow: true, bias: .pullUp))
        XCTAssertFalse(try input.isActive(), "pulled up, active-low: inactive")
        XCTAssertNil(try input.nextEvent(timeout: .milliseconds(10)))

        clock.advance(by: .milliseconds(250))
        let pressedAt = clock.now()
        gpio.drive(chip: "gpiochip0", line: 5, level: false)
        clock.advance(by: .milliseconds(40))
        gpio.drive(chip: "gpiochip0", line: 5, level: true)

        XCTAssertEqual(try input.nextEvent(timeout: .zero), GPIOEdgeEvent(edge: .rising, timestamp: pressedAt))
        XCTAssertEqual(try input.nextEvent(timeout: .zero), GPIOEdgeEvent(edge: .falling, timestamp: pressedAt + .milliseconds(40)))
        XCTAssertNil(try input.nextEvent(timeout: .zero))
    }

    func testStimulusTogglesARequestedInput() throws {
        gpio.stimulate(chip: "gpiochip0", line: 6, every: .milliseconds(100))
        let chip = try gpio.openChip("gpiochip0")
        let input = try chip.requestInput(6, settings: .init(consumer: "presence"))
        XCTAssertNil(try input.nextEvent(timeout: .zero))
        clock.advance(by: .milliseconds(100))
        XCTAssertEqual(try input.nextEvent(timeout: .zero)?.edge, .rising)
        clock.advance(by: .milliseconds(100))
        XCTAssertEqual(try input.nextEvent(timeout: .zero)?.edge, .falling)
    }
}
