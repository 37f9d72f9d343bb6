import MilepostCore
import MilepostSystem
import SystemPackage

/// The unit's hotlists: loaded at start, replaced whole by imports, matched by the
/// capture loop. A replacement is parsed, validated, indexed and committed to disk
/// (write-temp, fsync, rename, fsync directory) before it is swapped in; until then, and
/// whenever any step fails, the previous version of the list stays active.
public final class HotlistStore: Sendable {
    private struct Lists {
        var active: [String: ActiveHotlist] = [:]
        var unreadable: [String: String] = [:]
        /// The contents of the generation file when the lists were last loaded.
        var generation: [UInt8] = []
    }

    public let directory: String
    private let fileSystem: any FileSystem
    private let lists = Locked(Lists())
    /// Serialises imports so versions increase one by one.
    private let importing = Locked(())

    static let fileExtension = ".hotlist"
    /// Rewritten after every import or removal, so that a running unit notices lists changed
    /// by another process (`milepost hotlist import`) without re-reading every list.
    static let generationFile = "generation"

    public init(directory: String, fileSystem: any FileSystem) throws(FileError) {
        self.directory = directory
        self.fileSystem = fileSystem
        try fileSystem.makeDirectories(directory)
    }

    /// Loads every stored list. A list that cannot be read is reported in `status` as
    /// unreadable (an alarm) rather than stopping the others.
    public func load() throws(FileError) {
        var loaded = Lists()
        loaded.generation = try currentGeneration()
        for name in try fileSystem.listDirectory(directory) where name.hasSuffix(Self.fileExtension) {
            let listName = String(name.dropLast(Self.fileExtension.count))
            do {
                let bytes = try fileSystem.readWholeFile(PathNames.join(directory, name))
                let list = try StoredHotlistFormat.decode(bytes)
                loaded.active[list.settings.name] = list
            } catch let error as StoredHotlistFormat.Problem {
                loaded.unreadable[listName] = error.description
            } catch {
                loaded.unreadable[listName] = "\(error)"
            }
        }
        lists.withLock { $0 = loaded }
    }

    /// Loads the lists again if another process imported or removed one since they were last
    /// loaded; matching goes on with the previous lists until the new ones are in memory.
    /// Returns whether they were reloaded.
    @discardableResult
    public func reloadIfChanged() throws(FileError) -> Bool {
        let seen = lists.withLock { $0.generation }
        guard try currentGeneration() != seen else { return false }
        try importing.withLock { (_) throws(FileError) in try load() }
        return true
    }

    /// No generation file yet (nothing imported) reads as empty; any other failure is raised,
    /// so a unit that cannot see imports says so instead of silently keeping old lists.
    private func currentGeneration() throws(FileError) -> [UInt8] {
        do {
            return try fileSystem.readWholeFile(PathNames.join(directory, Self.generationFile))
        } catch where error.errno == .noSuchFileOrDirectory {
            return []
        }
    }

    /// Marks a change for other processes. The list itself is already durable; if this write
    /// fails, a running unit picks the change up at its next start instead.
    private func markChanged(_ what: String) {
        let marker = Array("\(what) \(UInt64.random(in: 0...UInt64.max))\n".utf8)
        try? fileSystem.replaceAtomically(PathNames.join(directory, Self.generationFile), with: marker)
        lists.withLock { $0.generation = marker }
    }

    /// Parses `bytes` in `format` and replaces the list named in `settings`.
    @discardableResult
    public func importList(
        _ bytes: [UInt8], file: String, format: HotlistFileFormat, settings: ListSettings, now: Int64
    ) throws(HotlistStoreError) -> ActiveHotlist {
        var bytes = bytes
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = bytes.withUnsafeMutableBufferPointer { buffer in
                (1...buffer.count).first { String(validating: buffer[..<$0], as: UTF8.self) == nil }.map { $0 - 1 } ?? 0
            }
            throw .notUTF8(file: file, offset: offset)
        }
        let entries: [HotlistEntry]
        do {
            entries = try format.parse(text, file: file, settings: settings)
        } catch {
            throw .refused(error)
        }
        return try replace(settings: settings, entries: entries, sourceFile: file, now: now)
    }

    /// Commits a new version of a list to disk, then makes it the active one. Entries whose
    /// text breaks `EntryTextRules` are refused here too, whoever built them.
    @discardableResult
    public func replace(
        settings: ListSettings, entries: [HotlistEntry], sourceFile: String, now: Int64
    ) throws(HotlistStoreError) -> ActiveHotlist {
        guard ListSettings.isValidName(settings.name) else { throw .invalidListName(settings.name) }
        for (offset, entry) in entries.enumerated() {
            if let refused = EntryTextRules.firstProblem(in: entry) {
                throw .entryRefused(list: settings.name, index: offset + 1, field: refused.field, problem: refused.problem)
            }
        }
        return try importing.withLock { (_) throws(HotlistStoreError) -> ActiveHotlist in
            let previousVersion = lists.withLock { $0.active[settings.name]?.version } ?? 0
            let list = ActiveHotlist(settings: settings, version: previousVersion + 1, importedAt: now, sourceFile: sourceFile, entries: entries)
            do throws(FileError) {
                try fileSystem.replaceAtomically(path(of: settings.name), with: StoredHotlistFormat.encode(list))
            } catch {
                throw .fileSystem(error)
            }
            lists.withLock {
                $0.active[settings.name] = list
                $0.unreadable[settings.name] = nil
            }
            markChanged("replaced \(settings.name) v\(list.version)")
            return list
        }
    }

    /// Stops matching a list and deletes its stored file.
    public func remove(name: String) throws(HotlistStoreError) {
        guard ListSettings.isValidName(name) else { throw .invalidListName(name) }
        try importing.withLock { (_) throws(HotlistStoreError) in
            // A stat that fails is not a missing file: acknowledging the removal then would
            // leave the list on disk, matching again after the next start.
            do throws(FileError) {
                if try fileSystem.status(path(of: name)) != nil { try fileSystem.removeDurably(path(of: name)) }
            } catch {
                throw .fileSystem(error)
            }
            lists.withLock {
                $0.active[name] = nil
                $0.unreadable[name] = nil
            }
            markChanged("removed \(name)")
        }
    }

    /// A snapshot of the active lists for matching reads.
    public var matcher: HotlistMatcher {
        HotlistMatcher(lists: lists.withLock { $0.active.values.sorted { $0.settings.name < $1.settings.name } })
    }

    public func list(named name: String) -> ActiveHotlist? { lists.withLock { $0.active[name] } }

    public func status(now: Int64) -> [HotlistStatus] {
        lists.withLock { lists in
            var result = lists.active.values.map { list in
                let age = now - list.importedAt
                return HotlistStatus(
                    name: list.settings.name, condition: age > HotlistStatus.maximumAge ? .stale : .current,
                    version: list.version, entryCount: list.entryCount, importedAt: list.importedAt, ageSeconds: age)
            }
            for (name, problem) in lists.unreadable where lists.active[name] == nil {
                result.append(HotlistStatus(name: name, condition: .unreadable, problem: problem))
            }
            return result.sorted { $0.name < $1.name }
        }
    }

    private func path(of name: String) -> String { PathNames.join(directory, name + Self.fileExtension) }
}
