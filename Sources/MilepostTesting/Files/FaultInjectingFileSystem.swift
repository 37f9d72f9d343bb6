import Foundation
import MilepostCore
import MilepostSystem
import SystemPackage

/// An in-memory file system that models what a power cut can do to unsynced data: the one
/// test double behind the `FileSystem` boundary, shared by the unit tests, the crash
/// campaigns and the benchmark's self-check.
///
/// The model:
/// - every file has *durable* bytes (on the medium) and *visible* bytes (what reads see);
///   writes, zeroing and allocation land in the visible bytes and are queued as pending;
///   `dataSync` (or `sync`) moves that file's pending writes to the durable bytes;
/// - creations, renames and unlinks change the visible namespace at once and become
///   durable only with `syncDirectory` on their directory (as on ext4 without a journal
///   commit in between);
/// - `powerCut(_:)` throws the visible state away and keeps the durable bytes plus, by
///   the chosen `PowerCutMode`, none, some or reordered pending writes, or a torn sector;
/// - `cutPower(atWritePoint:)` arms a cut: every mutating call counts as one write point,
///   and when the count reaches the armed point the machine "dies": that call and every
///   later call fails with EIO until `powerCut(_:)` brings it back;
/// - `injectError(_:on:count:)`, `failEvery(_:with:)` and `failMutations(after:with:)` make
///   calls fail with an errno (ENOSPC, EIO...) without a cut;
/// - files carry a mode and an owner (`setAttributes`) for permission checks, and
///   `overwrite(_:with:)` changes a file behind the code's back, as a tamperer would;
/// - `lockExclusively` keeps held locks by path, so a second locker is refused as by flock(2).
public final class FaultInjectingFileSystem: FileSystem, @unchecked Sendable {  // all state is guarded by `lock`
    /// What a power cut does with writes that were not yet synced.
    public enum PowerCutMode: CaseIterable, Sendable {
        /// Every unsynced write is lost.
        case dropUnsynced
        /// Each unsynced write independently survives or not, in issue order.
        case randomSubset
        /// A random subset survives, applied in a shuffled order (later data may land
        /// under earlier data).
        case reordered
        /// A prefix of the unsynced writes survives, then one sector of the next write
        /// is filled with garbage.
        case tornSector
    }

    /// A call kind that errors can be injected into.
    public enum Operation: Hashable, Sendable {
        case open, read, write, dataSync, sync, allocate, zeroRange, truncate, rename, unlink, makeDirectory, syncDirectory, stat
    }

    public static let sectorSize = 512

    final class Inode {
        var durable: [UInt8] = []
        var visible: [UInt8] = []
        var pending: [PendingWrite] = []
        var permissions: FilePermissions
        var owner: UInt32

        init(permissions: FilePermissions, owner: UInt32) {
            self.permissions = permissions
            self.owner = owner
        }
    }

    struct PendingWrite {
        enum Resize { case growTo(Int), truncateTo(Int) }
        var offset: Int
        var bytes: [UInt8]
        var resize: Resize?  // allocation and truncation
    }

    enum NamespaceChange {
        case link(path: String, inode: Inode?)  // nil inode = remove
    }

    private let lock = NSLock()
    private var visibleNames: [String: Inode] = [:]
    private var durableNames: [String: Inode] = [:]
    private var visibleDirectories: Set<String> = ["/"]
    private var durableDirectories: Set<String> = ["/"]
    private var pendingNames: [(directory: String, change: NamespaceChange)] = []
    private var injected: [Operation: [Errno]] = [:]
    private var failing: [Operation: Errno] = [:]
    private var failingMutations: (from: Int, errno: Errno)?
    /// Held locks by path, each with the number it was taken under (`lockNumbers`).
    private var heldLocks: [String: Int] = [:]
    private var lockNumbers = 0
    private var random: SplitMix64
    public let currentUserID: UInt32

    /// Mutating calls so far (each is one write point).
    public private(set) var writePoints = 0
    /// The write point at which the power fails, if armed.
    public private(set) var armedCut: Int?
    /// True between the armed cut firing and `powerCut(_:)`.
    public private(set) var isPoweredOff = false
    /// Number of `dataSync` calls that reached the medium.
    public private(set) var dataSyncCount = 0
    /// Called (without the lock held) at the start of every `dataSync`; tests use it to
    /// hold a sync open while other threads queue behind it.
    public var beforeDataSync: (@Sendable () -> Void)?

    /// `directories` (and their parents) exist from the start, durably.
    public init(seed: UInt64 = 1, currentUserID: UInt32 = 1000, directories: [String] = []) {
        random = SplitMix64(seed: seed)
        self.currentUserID = currentUserID
        for directory in directories {
            var prefix = ""
            for component in directory.split(separator: "/") {
                prefix += "/" + component
                visibleDirectories.insert(prefix)
                durableDirectories.insert(prefix)
            }
        }
    }

    // MARK: Fault control

    /// Makes the next `count` calls of `operation` fail with `errno` (after counting
    /// as write points). A failed `dataSync` also discards that file's pending writes,
    /// like a kernel that dropped dirty pages after a write-back error.
    public func injectError(_ errno: Errno, on operation: Operation, count: Int = 1) {
        lock.withLock { injected[operation, default: []] += Array(repeating: errno, count: count) }
    }

    /// Makes every call of `operation` fail with `errno` until `stopFailing(_:)` (a full
    /// disk that stays full). Failed writes change nothing.
    public func failEvery(_ operation: Operation, with errno: Errno) {
        lock.withLock { failing[operation] = errno }
    }

    public func stopFailing(_ operation: Operation) {
        lock.withLock { failing[operation] = nil }
    }

    /// Makes the mutating call `count` write points from now (0: the next one) fail with
    /// `errno`, and every mutating call after it, until `clearFault()` or a power cut; unlike
    /// `cutPower(atWritePoint:)` the machine stays on, so reads go on working.
    public func failMutations(after count: Int, with errno: Errno = .ioError) {
        lock.withLock { failingMutations = (writePoints + count, errno) }
    }

    public func clearFault() {
        lock.withLock { failingMutations = nil }
    }

    /// Arms a power cut at write point `point` (1-based, counted from now on).
    public func cutPower(atWritePoint point: Int) {
        lock.withLock { armedCut = writePoints + point }
    }

    /// Simulates the power coming back after a cut: unsynced state is resolved by `mode`,
    /// the visible state becomes the durable one, and the locks of the process that died are gone.
    public func powerCut(_ mode: PowerCutMode = .dropUnsynced) {
        lock.withLock {
            var inodes: [ObjectIdentifier: Inode] = [:]
            for inode in visibleNames.values { inodes[ObjectIdentifier(inode)] = inode }
            for inode in durableNames.values { inodes[ObjectIdentifier(inode)] = inode }
            for (_, inode) in inodes.sorted(by: { $0.key < $1.key }) {
                resolvePending(of: inode, mode: mode)
                inode.visible = inode.durable
            }
            let survivingChanges = mode == .dropUnsynced ? 0 : Int(random.next(below: UInt64(pendingNames.count + 1)))
            for (directory, change) in pendingNames.prefix(survivingChanges) {
                apply(change, inDirectory: directory, to: &durableNames)
            }
            pendingNames.removeAll()
            visibleNames = durableNames
            visibleDirectories = durableDirectories
            armedCut = nil
            failingMutations = nil
            heldLocks.removeAll()
            isPoweredOff = false
        }
    }

    /// The durable bytes of a file as they would be after a cut that drops everything
    /// unsynced (for tests that corrupt a store on purpose).
    public func durableContents(of path: String) -> [UInt8]? {
        lock.withLock { durableNames[path]?.durable }
    }

    /// Replaces a file's whole contents on the medium at once, as a tamperer editing it
    /// would; creates it (durably) when missing.
    public func overwrite(_ path: String, with bytes: [UInt8]) {
        lock.withLock {
            let inode = visibleNames[path] ?? Inode(permissions: DiskFileSystem.defaultFilePermissions, owner: currentUserID)
            inode.durable = bytes
            inode.visible = bytes
            inode.pending.removeAll()
            visibleNames[path] = inode
            durableNames[path] = inode
        }
    }

    /// Changes a file's mode or owner, as `chmod`/`chown` would.
    public func setAttributes(_ path: String, permissions: FilePermissions? = nil, owner: UInt32? = nil) {
        lock.withLock {
            if let permissions { visibleNames[path]?.permissions = permissions }
            if let owner { visibleNames[path]?.owner = owner }
        }
    }

    /// Overwrites bytes of a file on the medium directly, bypassing caches (bit rot).
    public func corrupt(_ path: String, at offset: Int, with bytes: [UInt8]) {
        lock.withLock {
            guard let inode = visibleNames[path] else { return }
            for (i, byte) in bytes.enumerated() where offset + i < inode.durable.count {
                inode.durable[offset + i] = byte
                if offset + i < inode.visible.count { inode.visible[offset + i] = byte }
            }
        }
    }

    private func resolvePending(of inode: Inode, mode: PowerCutMode) {
        var writes = inode.pending
        inode.pending.removeAll()
        guard !writes.isEmpty else { return }
        switch mode {
        case .dropUnsynced:
            return
        case .randomSubset:
            for write in writes where random.next(below: 2) == 1 { applyDurably(write, to: inode) }
        case .reordered:
            random.shuffle(&writes)
            for write in writes where random.next(below: 4) != 0 { applyDurably(write, to: inode) }
        case .tornSector:
            let survivors = Int(random.next(below: UInt64(writes.count)))
            for write in writes.prefix(survivors) { applyDurably(write, to: inode) }
            var torn = writes[survivors]
            if torn.resize == nil && !torn.bytes.isEmpty {
                let sectors = (torn.bytes.count + Self.sectorSize - 1) / Self.sectorSize
                let victim = Int(random.next(below: UInt64(sectors)))
                let start = victim * Self.sectorSize
                for i in start..<min(start + Self.sectorSize, torn.bytes.count) {
                    torn.bytes[i] = UInt8(truncatingIfNeeded: random.next())
                }
                // Sectors after the torn one never reached the medium.
                torn.bytes.removeLast(torn.bytes.count - min(start + Self.sectorSize, torn.bytes.count))
                applyDurably(torn, to: inode)
            }
        }
    }

    private func applyDurably(_ write: PendingWrite, to inode: Inode) {
        Self.apply(write, to: &inode.durable)
    }

    private static func apply(_ write: PendingWrite, to bytes: inout [UInt8]) {
        switch write.resize {
        case .growTo(let size):
            if bytes.count < size { bytes += [UInt8](repeating: 0, count: size - bytes.count) }
            return
        case .truncateTo(let size):
            if bytes.count > size { bytes.removeLast(bytes.count - size) }
            if bytes.count < size { bytes += [UInt8](repeating: 0, count: size - bytes.count) }
            return
        case nil:
            break
        }
        let end = write.offset + write.bytes.count
        if bytes.count < end { bytes += [UInt8](repeating: 0, count: end - bytes.count) }
        bytes.replaceSubrange(write.offset..<end, with: write.bytes)
    }

    private func apply(_ change: NamespaceChange, inDirectory directory: String, to names: inout [String: Inode]) {
        switch change {
        case .link(let path, let inode): names[path] = inode
        }
    }

    /// Counts a write point and decides whether this call fails. Call with the lock held.
    private func beginMutation(_ operation: Operation, path: String, name: String) throws(FileError) {
        try checkPower(path: path, name: name)
        defer { writePoints += 1 }
        if let failing = failingMutations, writePoints >= failing.from {
            throw FileError(name, path: path, errno: failing.errno)
        }
        if let cut = armedCut, writePoints + 1 >= cut {
            isPoweredOff = true
            throw FileError("\(name) (simulated power loss)", path: path, errno: .ioError)
        }
        try takeInjected(operation, path: path, name: name)
    }

    private func checkPower(path: String, name: String) throws(FileError) {
        if isPoweredOff { throw FileError("\(name) (power is off)", path: path, errno: .ioError) }
    }

    private func takeInjected(_ operation: Operation, path: String, name: String) throws(FileError) {
        if let errno = failing[operation] { throw FileError(name, path: path, errno: errno) }
        if var queue = injected[operation], !queue.isEmpty {
            let errno = queue.removeFirst()
            injected[operation] = queue
            throw FileError(name, path: path, errno: errno)
        }
    }

    private static func parent(of path: String) -> String { PathNames.directory(of: path) }

    private func link(_ path: String, _ inode: Inode?) {
        visibleNames[path] = inode
        pendingNames.append((Self.parent(of: path), .link(path: path, inode: inode)))
    }

    private func locked<T>(_ body: () throws(FileError) -> T) throws(FileError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: FileSystem

    public func openFile(_ path: String, creatingWith permissions: FilePermissions?) throws(FileError) -> any OpenFile {
        try locked { () throws(FileError) -> any OpenFile in
            if let inode = visibleNames[path] {
                try checkPower(path: path, name: "open")
                try takeInjected(.open, path: path, name: "open")
                return FaultFile(fileSystem: self, inode: inode, path: path)
            }
            guard let permissions else { throw FileError("open", path: path, errno: .noSuchFileOrDirectory) }
            return try createInode(path, permissions: permissions)
        }
    }

    public func openFileReadOnly(_ path: String) throws(FileError) -> any OpenFile {
        try openFile(path, create: false)
    }

    public func createFile(_ path: String, permissions: FilePermissions) throws(FileError) -> any OpenFile {
        try locked { () throws(FileError) -> any OpenFile in
            guard let inode = visibleNames[path] else { return try createInode(path, permissions: permissions) }
            try beginMutation(.open, path: path, name: "open(O_TRUNC)")
            let truncation = PendingWrite(offset: 0, bytes: [], resize: .truncateTo(0))
            Self.apply(truncation, to: &inode.visible)
            inode.pending.append(truncation)
            inode.permissions = permissions
            return FaultFile(fileSystem: self, inode: inode, path: path)
        }
    }

    /// A new empty file at `path`. Call with the lock held.
    private func createInode(_ path: String, permissions: FilePermissions) throws(FileError) -> any OpenFile {
        guard visibleDirectories.contains(Self.parent(of: path)) else {
            throw FileError("open", path: path, errno: .noSuchFileOrDirectory)
        }
        try beginMutation(.open, path: path, name: "open(O_CREAT)")
        let inode = Inode(permissions: permissions, owner: currentUserID)
        link(path, inode)
        return FaultFile(fileSystem: self, inode: inode, path: path)
    }

    public func rename(_ from: String, to: String) throws(FileError) {
        try locked { () throws(FileError) in
            guard let inode = visibleNames[from] else { throw FileError("rename", path: from, errno: .noSuchFileOrDirectory) }
            try beginMutation(.rename, path: from, name: "rename")
            link(to, inode)
            link(from, nil)
        }
    }

    public func unlink(_ path: String) throws(FileError) {
        try locked { () throws(FileError) in
            guard visibleNames[path] != nil else { throw FileError("unlink", path: path, errno: .noSuchFileOrDirectory) }
            try beginMutation(.unlink, path: path, name: "unlink")
            link(path, nil)
        }
    }

    public func makeDirectory(_ path: String, permissions: FilePermissions) throws(FileError) {
        try locked { () throws(FileError) in
            if visibleDirectories.contains(path) { return }
            try beginMutation(.makeDirectory, path: path, name: "mkdir")
            visibleDirectories.insert(path)
            // Directory creation is modelled as durable once its parent is synced; the
            // store always syncs the parent right after mkdir, so keep the model simple.
            durableDirectories.insert(path)
        }
    }

    public func syncDirectory(_ path: String) throws(FileError) {
        try locked { () throws(FileError) in
            guard visibleDirectories.contains(path) else { throw FileError("open", path: path, errno: .noSuchFileOrDirectory) }
            try beginMutation(.syncDirectory, path: path, name: "fsync")
            var remaining: [(directory: String, change: NamespaceChange)] = []
            for entry in pendingNames {
                if entry.directory == path {
                    apply(entry.change, inDirectory: path, to: &durableNames)
                } else {
                    remaining.append(entry)
                }
            }
            pendingNames = remaining
        }
    }

    public func listDirectory(_ path: String) throws(FileError) -> [String] {
        try locked { () throws(FileError) -> [String] in
            try checkPower(path: path, name: "opendir")
            guard visibleDirectories.contains(path) else { throw FileError("opendir", path: path, errno: .noSuchFileOrDirectory) }
            let prefix = path.hasSuffix("/") ? path : path + "/"
            var names: [String] = []
            for name in visibleNames.keys where name.hasPrefix(prefix) {
                let rest = name.dropFirst(prefix.count)
                if !rest.contains("/") { names.append(String(rest)) }
            }
            for directory in visibleDirectories where directory.hasPrefix(prefix) {
                let rest = directory.dropFirst(prefix.count)
                if !rest.isEmpty && !rest.contains("/") { names.append(String(rest)) }
            }
            return names.sorted()
        }
    }

    public func status(_ path: String) throws(FileError) -> FileStatus? {
        try locked { () throws(FileError) -> FileStatus? in
            try checkPower(path: path, name: "stat")
            try takeInjected(.stat, path: path, name: "stat")
            if let inode = visibleNames[path] {
                return FileStatus(
                    permissions: inode.permissions, ownerUserID: inode.owner, size: Int64(inode.visible.count),
                    isDirectory: false)
            }
            if visibleDirectories.contains(path) {
                return FileStatus(permissions: .defaultDirectory, ownerUserID: currentUserID, size: 0, isDirectory: true)
            }
            return nil
        }
    }

    /// Held locks are kept by path; a second locker of the same path fails with EWOULDBLOCK
    /// until the first is released, or a power cut ends the process that held it. Like
    /// `flock(2)` it creates the file when missing.
    public func lockExclusively(_ path: String) throws(FileError) -> FileLock {
        let number = try locked { () throws(FileError) -> Int in
            try checkPower(path: path, name: "flock")
            if visibleNames[path] == nil {
                _ = try createInode(path, permissions: DiskFileSystem.defaultFilePermissions)
            }
            guard heldLocks[path] == nil else { throw FileError("flock", path: path, errno: .wouldBlock) }
            lockNumbers += 1
            heldLocks[path] = lockNumbers
            return lockNumbers
        }
        return FileLock(path: path) { [weak self] in
            guard let self else { return }
            // A lock from before a power cut is gone already, and must not free a later one.
            self.lock.withLock { if self.heldLocks[path] == number { self.heldLocks[path] = nil } }
        }
    }

    // MARK: File calls (used by FaultFile)

    fileprivate func read(_ inode: Inode, path: String, count: Int, at offset: Int64) throws(FileError) -> [UInt8] {
        try locked { () throws(FileError) -> [UInt8] in
            try checkPower(path: path, name: "pread")
            try takeInjected(.read, path: path, name: "pread")
            let start = Int(offset)
            guard start < inode.visible.count else { return [] }
            return Array(inode.visible[start..<min(start + count, inode.visible.count)])
        }
    }

    fileprivate func write(_ inode: Inode, path: String, bytes: [UInt8], at offset: Int64) throws(FileError) {
        try queue(PendingWrite(offset: Int(offset), bytes: bytes, resize: nil), on: inode, as: .write, path: path, name: "pwrite")
    }

    fileprivate func zeroRange(_ inode: Inode, path: String, at offset: Int64, count: Int64) throws(FileError) {
        try queue(PendingWrite(offset: Int(offset), bytes: [UInt8](repeating: 0, count: Int(count)), resize: nil),
                  on: inode, as: .zeroRange, path: path, name: "fallocate(ZERO_RANGE)")
    }

    fileprivate func allocate(_ inode: Inode, path: String, size: Int64) throws(FileError) {
        try queue(PendingWrite(offset: 0, bytes: [], resize: .growTo(Int(size))), on: inode, as: .allocate, path: path, name: "fallocate")
    }

    fileprivate func truncate(_ inode: Inode, path: String, size: Int64) throws(FileError) {
        try queue(PendingWrite(offset: 0, bytes: [], resize: .truncateTo(Int(size))), on: inode, as: .truncate, path: path, name: "ftruncate")
    }

    /// One mutating call on a file: visible at once, durable only at the file's next sync.
    private func queue(_ write: PendingWrite, on inode: Inode, as operation: Operation, path: String, name: String) throws(FileError) {
        try locked { () throws(FileError) in
            try beginMutation(operation, path: path, name: name)
            Self.apply(write, to: &inode.visible)
            inode.pending.append(write)
        }
    }

    /// `fdatasync` and `fsync` alike move the file's pending writes to the medium.
    fileprivate func dataSync(_ inode: Inode, path: String, operation: Operation = .dataSync) throws(FileError) {
        if let hook = lock.withLock({ beforeDataSync }) { hook() }
        try locked { () throws(FileError) in
            do throws(FileError) {
                try beginMutation(operation, path: path, name: operation == .sync ? "fsync" : "fdatasync")
            } catch {
                // After a failed write-back the kernel may drop the dirty pages: the data
                // is gone from the medium's point of view, whatever reads still show.
                if !isPoweredOff { inode.pending.removeAll() }
                throw error
            }
            for write in inode.pending { Self.apply(write, to: &inode.durable) }
            inode.pending.removeAll()
            dataSyncCount += 1
        }
    }

    fileprivate func size(_ inode: Inode, path: String) throws(FileError) -> Int64 {
        try locked { () throws(FileError) -> Int64 in
            try checkPower(path: path, name: "fstat")
            return Int64(inode.visible.count)
        }
    }
}

/// A file handle of the fault-injecting file system.
final class FaultFile: OpenFile, @unchecked Sendable {  // the inode is only touched under the file system's lock
    let fileSystem: FaultInjectingFileSystem
    let inode: FaultInjectingFileSystem.Inode
    let path: String

    init(fileSystem: FaultInjectingFileSystem, inode: FaultInjectingFileSystem.Inode, path: String) {
        self.fileSystem = fileSystem
        self.inode = inode
        self.path = path
    }

    func read(count: Int, at offset: Int64) throws(FileError) -> [UInt8] {
        try fileSystem.read(inode, path: path, count: count, at: offset)
    }
    func write(_ bytes: [UInt8], at offset: Int64) throws(FileError) {
        try fileSystem.write(inode, path: path, bytes: bytes, at: offset)
    }
    func dataSync() throws(FileError) { try fileSystem.dataSync(inode, path: path) }
    func sync() throws(FileError) { try fileSystem.dataSync(inode, path: path, operation: .sync) }
    func truncate(to size: Int64) throws(FileError) { try fileSystem.truncate(inode, path: path, size: size) }
    func allocate(size: Int64) throws(FileError) { try fileSystem.allocate(inode, path: path, size: size) }
    func zeroRange(at offset: Int64, count: Int64) throws(FileError) {
        try fileSystem.zeroRange(inode, path: path, at: offset, count: count)
    }
    func size() throws(FileError) -> Int64 { try fileSystem.size(inode, path: path) }
    func close() {}
}
