import Foundation
import XCTest
@testable import MilepostHardware

/// The hardware tier: these tests run only inside the qemu guest that `tools/hw-test` boots,
/// where gpio-sim and vivid are loaded (MILEPOST_HW_VM=1). Elsewhere they are skipped.
enum VMEnvironment {
    static var isActive: Bool { ProcessInfo.processInfo.environment["MILEPOST_HW_VM"] == "1" }

    static func requireVM() throws {
        try XCTSkipUnless(isActive, "hardware tier: runs only inside tools/hw-test's VM")
    }

    /// The gpio-sim device tools/hw-test configured (label `milepost-vm`, 8 lines).
    static let simConfig = "/sys/kernel/config/gpio-sim/milepost"
    static let chipLabel = "milepost-vm"

    static func simLineDirectory(_ line: Int) throws -> String {
        let device = try read("\(simConfig)/dev_name")
        let chip = try read("\(simConfig)/bank0/chip_name")
        return "/sys/devices/platform/\(device)/\(chip)/sim_gpio\(line)"
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func write(_ value: String, to path: String) throws {
        try value.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// The physical level gpio-sim shows for a line (1 = high).
    static func simValue(_ line: Int) throws -> String { try read(try simLineDirectory(line) + "/value") }

    static func setPull(_ line: Int, up: Bool) throws {
        try write(up ? "pull-up" : "pull-down", to: try simLineDirectory(line) + "/pull")
    }

    /// The vivid capture node, found by its card name.
    static func vividCaptureDevice() throws -> String {
        for node in videoDeviceNodes() {
            if let (card, offers) = try? V4L2Camera.offers(device: node), card.lowercased().contains("vivid"), !offers.isEmpty {
                return node
            }
        }
        throw XCTSkip("no vivid capture device among \(videoDeviceNodes())")
    }
}
