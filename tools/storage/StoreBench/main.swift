// The read store benchmark (see tools/store-bench). Runs on the real file system.
//
//   1. durable appends of 8 KB reads: one writer, then many writers sharing syncs;
//   2. random 8 KB reads by sequence number;
//   3. reopen and recover a full 1 GiB store;
//   4. exact-plate lookups (p50/p99) over 5 million stored reads, plus one wildcard query.
// Every file it creates is deleted before it exits.
import Foundation
import MilepostCore
import MilepostStorage
import MilepostSystem
import MilepostTesting

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let root = option("--dir", NSTemporaryDirectory() + "milepost-store-bench-\(getpid())")
let seconds = Double(option("--seconds", "5"))!
let writers = Int(option("--writers", "32"))!
let lookupReads = Int(option("--lookup-reads", "5000000"))!
let recoverBytes = Int64(option("--recover-bytes", String(1 << 30)))!
let fs = DiskFileSystem()
let now = SystemWallClock().now()
try? FileManager.default.removeItem(atPath: root)
try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: root) }

func read(_ n: Int, cropSize: Int, plate: String) -> PlateRead {
    PlateRead(
        readID: UUID(), captureTime: now.adding(milliseconds: Int64(n % 1000)), unitID: "unit-bench", cameraID: "cam-1",
        plate: try! PlateText(normalizing: plate), confidence: 900, box: PlateBox(x: 1, y: 2, width: 100, height: 30),
        authorizationID: "auth-bench", crop: [UInt8](repeating: UInt8(truncatingIfNeeded: n), count: cropSize))
}

func elapsed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func format(_ value: Double) -> String { String(format: "%.0f", value) }

/// Appends 8 KB reads from `threads` threads for `seconds`; returns appends per second.
func durableAppends(_ store: ReadStore, threads: Int, seconds: Double) -> Double {
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
    let counter = NSLock()
    nonisolated(unsafe) var total = 0  // written only under `counter`, read after every thread has left
    let group = DispatchGroup()
    let start = DispatchTime.now().uptimeNanoseconds
    for t in 0..<threads {
        group.enter()
        Thread {
            var mine = 0
            while DispatchTime.now().uptimeNanoseconds < deadline {
                guard (try? store.append(read(t * 1_000_000 + mine, cropSize: 8000, plate: "BENCH\(t)"))) != nil else { break }
                mine += 1
            }
            counter.withLock { total += mine }
            group.leave()
        }.start()
    }
    group.wait()
    return Double(total) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

print("store-bench: \(root), \(ProcessInfo.processInfo.activeProcessorCount) CPU(s)")

// 1 and 2: durable appends, then reads.
do {
    let configuration = StoreConfiguration(directory: root + "/appends", capacityBytes: 512 << 20, segmentSize: 64 << 20)
    let store = try ReadStore.open(configuration, fileSystem: fs)
    let single = durableAppends(store, threads: 1, seconds: seconds)
    let grouped = durableAppends(store, threads: writers, seconds: seconds)
    print("durable appends, 8 KB reads, 1 writer: \(format(single))/s")
    print("durable appends, 8 KB reads, \(writers) writers (group commit): \(format(grouped))/s (\(String(format: "%.1f", grouped / single))x one writer)")
    let live = Array(try store.query(.all).prefix(1)).first!.sequence
    let newest = store.statistics().nextSequence - 1
    var random = SplitMix64(seed: 1)
    var reads = 0
    let readTime = elapsed {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let sequence = live + random.next(below: newest - live + 1)
            if (try? store.read(sequence: sequence)) != nil { reads += 1 }
        }
    }
    print("random 8 KB reads by sequence: \(format(Double(reads) / readTime))/s")
    store.close()
    try? FileManager.default.removeItem(atPath: root + "/appends")
}

// 3: reopen and recover a full store of recoverBytes.
do {
    let configuration = StoreConfiguration(directory: root + "/recover", capacityBytes: recoverBytes, segmentSize: 64 << 20)
    let store = try ReadStore.open(configuration, fileSystem: fs)
    let perRecord = 8192
    let count = Int(recoverBytes) / perRecord
    let fillTime = try elapsed {
        var n = 0
        while n < count {
            let batch = (n..<min(n + 512, count)).map { read($0, cropSize: 8000, plate: "FILL\($0 % 10000)") }
            try store.append(contentsOf: batch)
            n += batch.count
        }
    }
    let stored = store.statistics().liveReads
    store.close()
    var reopened: ReadStore?
    let recoverTime = try elapsed { reopened = try ReadStore.open(configuration, fileSystem: fs) }
    print("filled \(recoverBytes >> 20) MiB store (\(stored) reads) in \(String(format: "%.1f", fillTime)) s")
    print("reopen and recover \(recoverBytes >> 20) MiB store: \(String(format: "%.2f", recoverTime)) s (\(reopened!.recovery.readsRecovered) reads recovered, page cache warm)")
    reopened!.close()
    try? FileManager.default.removeItem(atPath: root + "/recover")
}

// 4: plate lookups over lookupReads reads (small reads: 1 million distinct plates).
do {
    let configuration = StoreConfiguration(directory: root + "/lookup", capacityBytes: Int64(lookupReads) * 192 + (256 << 20), segmentSize: 64 << 20)
    let store = try ReadStore.open(configuration, fileSystem: fs)
    let distinct = max(1, lookupReads / 5)
    func plate(_ n: Int) -> String { "P" + String(n % distinct) }
    let fillTime = try elapsed {
        var n = 0
        while n < lookupReads {
            let batch = (n..<min(n + 4096, lookupReads)).map { read($0, cropSize: 16, plate: plate($0)) }
            try store.append(contentsOf: batch)
            n += batch.count
        }
    }
    store.close()
    var reopenedStore: ReadStore?
    let recoverTime = try elapsed { reopenedStore = try ReadStore.open(configuration, fileSystem: fs) }
    let reopened = reopenedStore!
    print("stored \(reopened.statistics().liveReads) small reads in \(String(format: "%.1f", fillTime)) s; reopen and rebuild the index: \(String(format: "%.2f", recoverTime)) s")
    var random = SplitMix64(seed: 2)
    var times: [Double] = []
    var found = 0
    for _ in 0..<2000 {
        let target = plate(Int(random.next(below: UInt64(distinct))))
        times.append(try elapsed {
            let plate = try PlateText(normalizing: target)
            for stored in try reopened.query(.plate(plate)) { found += stored.read.plate == plate ? 1 : 0 }
        })
    }
    times.sort()
    let p50 = times[times.count / 2] * 1000, p99 = times[times.count * 99 / 100] * 1000
    print("exact plate lookup over \(lookupReads) reads, loading every match (\(found / times.count) per plate): p50 \(String(format: "%.2f", p50)) ms, p99 \(String(format: "%.2f", p99)) ms")
    let wildcard = try elapsed { _ = Array(try reopened.query(.pattern(PlatePattern("P1234?")))) }
    print("wildcard lookup P1234? over \(lookupReads) reads: \(String(format: "%.1f", wildcard * 1000)) ms")
    reopened.close()
}
print("removed \(root)")
