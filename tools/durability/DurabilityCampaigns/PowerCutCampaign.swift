import Foundation
import MilepostCore
import MilepostSystem
import MilepostTesting

/// One durable component's power-cut campaign: a fixed workload of realistic operations, and
/// the checks that a reopened component must pass whatever a cut did to unsynced writes.
protocol PowerCutCampaign {
    /// What the workload acknowledged (operations that returned success), kept as they return.
    associatedtype Journal
    var name: String { get }
    func emptyJournal() -> Journal
    /// Runs the workload on `fs`, recording each acknowledged operation in `journal` as it
    /// returns; stops at the first operation that fails and rethrows its error.
    func run(on fs: FaultInjectingFileSystem, journal: inout Journal) throws
    /// Reopens the component from `fs` as the unit does at boot and checks it against
    /// `journal`.
    func recover(from fs: FaultInjectingFileSystem, journal: Journal) -> RecoveryCheck
}

/// What one recovery found.
struct RecoveryCheck {
    /// Acknowledged operations whose effect was checked.
    var acknowledged = 0
    /// Acknowledged operations whose effect is gone or went backwards.
    var lost = 0
    /// Every failed check, lost operations included.
    var problems: [String] = []

    mutating func lose(_ problem: String) {
        lost += 1
        problems.append(problem)
    }
}

struct CampaignSummary {
    var name: String
    var writePoints = 0
    var crashes = 0
    var acknowledged = 0
    var lost = 0
    var problems: [String] = []

    var line: String { "\(name): \(crashes) crash points, \(acknowledged) acknowledged operations, \(lost) lost" }
}

enum CampaignRunner {
    /// Counts the workload's write points W on a clean run (and checks that run), then for
    /// every cut point 1...W and every power-cut mode: a fresh file system, the cut armed,
    /// the workload run until the cut, the power cut, the reopen and its checks.
    static func run<C: PowerCutCampaign>(_ campaign: C, modes: [FaultInjectingFileSystem.PowerCutMode], verbose: Bool) -> CampaignSummary {
        var summary = CampaignSummary(name: campaign.name)
        let reference = FaultInjectingFileSystem(seed: 0)
        var referenceJournal = campaign.emptyJournal()
        do {
            try campaign.run(on: reference, journal: &referenceJournal)
        } catch {
            summary.problems.append("the workload failed without a cut: \(error)")
            return summary
        }
        summary.writePoints = reference.writePoints
        reference.powerCut(.dropUnsynced)
        let clean = campaign.recover(from: reference, journal: referenceJournal)
        summary.problems += clean.problems.map { "after the whole workload and a cut with nothing unsynced: \($0)" }

        for point in 1...max(1, summary.writePoints) {
            for (index, mode) in modes.enumerated() {
                let fs = FaultInjectingFileSystem(seed: UInt64(point * modes.count + index))
                fs.cutPower(atWritePoint: point)
                var journal = campaign.emptyJournal()
                do {
                    try campaign.run(on: fs, journal: &journal)
                    // A write whose failure is only logged (the hotlist generation marker) can
                    // take the cut and let the workload finish.
                    if !fs.isPoweredOff { summary.problems.append("cut \(point): the workload finished without reaching the cut") }
                } catch {
                    if !fs.isPoweredOff {
                        summary.problems.append("cut \(point): an operation failed before the cut: \(error)")
                    }
                }
                fs.powerCut(mode)
                let check = campaign.recover(from: fs, journal: journal)
                summary.crashes += 1
                summary.acknowledged += check.acknowledged
                summary.lost += check.lost
                summary.problems += check.problems.map { "cut \(point) (\(mode)): \($0)" }
                if verbose { print("\(campaign.name): cut \(point) \(mode): \(check.acknowledged) acknowledged, \(check.problems.count) problems") }
            }
        }
        return summary
    }
}
