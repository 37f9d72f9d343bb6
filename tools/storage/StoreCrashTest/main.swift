// The power-cut campaign for the read store (see tools/crash-test).
//
// A reference run records, after every step, which reads are live and which are held.
// Then for every write point W of the reference run: replay on a fresh fault-injecting
// file system with the power cut armed at W, resolve the unsynced writes (cycling through
// the four cut modes), reopen, and check that
//   - every read acknowledged before the interrupted step, and not legitimately removed
//     by it (ring reuse, purge), is present and byte-identical;
//   - no read appears that was not live before the step or the step's own append;
//   - every hold acknowledged before the step is intact, no released hold returns;
//   - the next sequence number is above every acknowledged one;
//   - the store accepts and returns a new append.
// Then the byte-flip campaign (ByteFlips.swift) flips every byte of a small store in turn.
import Foundation
import MilepostStorage
import MilepostSystem
import MilepostTesting

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let value = Int(arguments[i + 1]) else { return fallback }
    return value
}
let stepCount = option("--steps", 1000)
let seed = UInt64(option("--seed", 20261129))
let flipSteps = option("--flip-steps", 120)
let verbose = arguments.contains("--verbose")
let steps = Workload.steps(count: stepCount, seed: seed)
let modes = FaultInjectingFileSystem.PowerCutMode.allCases

struct Snapshot {
    var live: Set<UInt64>
    var holds: Set<UInt64>
}

// Reference run.
let referenceFS = FaultInjectingFileSystem(seed: 0)
let referenceClock = ManualWallClock(Workload.start)
let referenceStore: ReadStore
do {
    referenceStore = try ReadStore.open(Workload.configuration(), fileSystem: referenceFS, clock: referenceClock)
} catch {
    print("reference run: could not create the store: \(error)")
    exit(2)
}
var reference = Runner(store: referenceStore, clock: referenceClock)
var pointsBeforeStep: [Int] = []
var after: [Snapshot] = []
let initial = Snapshot(live: [], holds: [])
var appendSequence: [Int: UInt64] = [:]
var wraps = 0, purges = 0, holdsPlaced = 0, releases = 0
for (i, step) in steps.enumerated() {
    pointsBeforeStep.append(referenceFS.writePoints)
    let generationBefore = referenceStore.statistics().segments.compactMap(\.generation).max() ?? 0
    if case .append = step { appendSequence[i] = referenceStore.upcomingSequence }
    let holdsBefore = referenceStore.heldReads().count
    do {
        try reference.run(step)
    } catch {
        print("reference run: step \(i) (\(step)) failed: \(error)")
        exit(2)
    }
    if (referenceStore.statistics().segments.compactMap(\.generation).max() ?? 0) > generationBefore { wraps += 1 }
    if case .purge = step { purges += 1 }
    let holdsNow = referenceStore.heldReads().count
    if holdsNow > holdsBefore { holdsPlaced += 1 } else if holdsNow < holdsBefore { releases += 1 }
    let live = Set(try! referenceStore.query(.all).map(\.sequence))
    after.append(Snapshot(live: live, holds: Set(referenceStore.heldReads().map(\.sequence))))
}
let totalPoints = referenceFS.writePoints
print("workload: \(steps.count) steps (\(appendSequence.count) appends, \(purges) purges, \(holdsPlaced) holds, \(releases) releases, \(wraps) segment reuses); \(totalPoints) write points")

var acknowledgedChecked = 0
var lost = 0
var violations: [String] = []
var reportedDamage = 0
let began = Date()

for point in 1...totalPoints {
    let fs = FaultInjectingFileSystem(seed: UInt64(point))
    let clock = ManualWallClock(Workload.start)
    fs.cutPower(atWritePoint: point)
    var interrupted = -1  // -1: the cut hit store creation
    var runner: Runner?
    if let store = try? ReadStore.open(Workload.configuration(), fileSystem: fs, clock: clock) {
        runner = Runner(store: store, clock: clock)
        interrupted = steps.count
        for (i, step) in steps.enumerated() {
            do {
                try runner!.run(step)
            } catch {
                interrupted = i
                break
            }
        }
    }
    guard interrupted < steps.count else {
        violations.append("cut \(point): the workload finished without reaching the cut")
        continue
    }
    let mode = modes[point % modes.count]
    fs.powerCut(mode)

    let before = interrupted <= 0 ? initial : after[interrupted - 1]
    let afterStep = interrupted < 0 ? initial : after[interrupted]
    let required = before.live.intersection(afterStep.live)
    var allowed = before.live
    if interrupted >= 0, let sequence = appendSequence[interrupted] { allowed.insert(sequence) }
    let submitted = runner?.submitted ?? [:]

    let store: ReadStore
    do {
        store = try ReadStore.open(Workload.configuration(), fileSystem: fs, clock: clock)
    } catch {
        violations.append("cut \(point) (\(mode), step \(interrupted)): reopen failed: \(error)")
        lost += required.count
        continue
    }
    if !store.recovery.damage.isEmpty { reportedDamage += 1 }
    if verbose { print("cut \(point) \(mode) step \(interrupted): \(store.recovery.description.replacingOccurrences(of: "\n", with: "; "))") }

    let highestAcknowledged = appendSequence.filter { $0.key < interrupted }.values.max() ?? 0
    if store.upcomingSequence <= highestAcknowledged {
        violations.append("cut \(point) (\(mode), step \(interrupted)): next sequence \(store.upcomingSequence) reuses an acknowledged one")
    }
    acknowledgedChecked += required.count
    for sequence in required.sorted() {
        guard let stored = try? store.read(sequence: sequence), stored.read == submitted[sequence] else {
            lost += 1
            violations.append("cut \(point) (\(mode), step \(interrupted)): acknowledged read \(sequence) lost or changed")
            continue
        }
    }
    for stored in (try? Array(store.query(.all))) ?? [] {
        if !allowed.contains(stored.sequence) || stored.read != submitted[stored.sequence] {
            violations.append("cut \(point) (\(mode), step \(interrupted)): read \(stored.sequence) appeared that was not acknowledged and live")
        }
    }
    let holds = Set(store.heldReads().map(\.sequence))
    let requiredHolds = before.holds.intersection(afterStep.holds)
    for sequence in requiredHolds.sorted() {
        guard let (_, evidence) = try? store.evidence(sequence: sequence), evidence.read == submitted[sequence] else {
            lost += 1
            violations.append("cut \(point) (\(mode), step \(interrupted)): acknowledged hold \(sequence) lost or changed")
            continue
        }
    }
    for sequence in holds.subtracting(before.holds.union(afterStep.holds)) {
        violations.append("cut \(point) (\(mode), step \(interrupted)): hold \(sequence) appeared that was released or never placed")
    }
    let fresh = Workload.read(999_999, cropSize: 100, at: clock.now())
    do {
        let sequence = try store.append(fresh)
        guard try store.read(sequence: sequence).read == fresh else { throw StoreError.notFound(sequence: sequence) }
    } catch {
        violations.append("cut \(point) (\(mode), step \(interrupted)): the reopened store refused a new append: \(error)")
    }
    store.close()
}

let cutElapsed = Date().timeIntervalSince(began)
let flips = ByteFlipCampaign(steps: Array(steps.prefix(flipSteps))).run()
violations += flips.violations

for violation in violations.prefix(50) { print("VIOLATION \(violation)") }
if violations.count > 50 { print("... \(violations.count - 50) more violations") }
print("recovery reported mid-ring damage after \(reportedDamage) cut(s) (unacknowledged writes reordered by the cut)")
print("byte flips: \(flips.flips) flips of a \(flipSteps)-step store; \(flips.acknowledgedChecked) acknowledged reads and holds checked")
print("violations: \(violations.count); elapsed \(String(format: "%.1f", cutElapsed)) s cutting, \(String(format: "%.1f", Date().timeIntervalSince(began) - cutElapsed)) s flipping")
print("\(totalPoints) crash points, \(acknowledgedChecked) acknowledged operations, \(lost) lost; "
    + "\(flips.flips) byte flips, \(flips.damagedAndReported) damaged and reported, \(flips.lost) lost")
exit(lost == 0 && flips.lost == 0 && violations.isEmpty ? 0 : 1)
