import Crypto
import Foundation
import MilepostCore
import MilepostSystem
import SystemPackage

/// The unit's hotlists: loaded at start, replaced whole by imports, matched by the
/// capture loop. A replacement is parsed, validated, checked against its approval, indexed
/// and committed to disk (write-temp, fsync, rename, fsync directory) before it is swapped
/// in; until then, and whenever any step fails, the previous version of the list stays active.
///
/// Every load checks each stored list against its approval again: a list whose content,
/// settings or approval do not pass (swapped on disk, revoked, never approved) is refused and
/// not matched. Loads report what changed, for the audit log.
public final class HotlistStore: Sendable {
    private struct Lists {
        var active: [String: ActiveHotlist] = [:]
        var unreadable: [String: String] = [:]
        /// Stored lists whose approval did not pass: name → (version, content hash, reason).
        var refused: [String: (version: Int, sha256: String, reason: String)] = [:]
        /// The contents of the generation file, and the approvals' state, when last loaded.
        var generation: [UInt8] = []
        var approvalStamp = ""
    }

    public let directory: String
    private let fileSystem: any FileSystem
    private let approvals: any HotlistApprovalChecking
    private let lists = Locked(Lists())
    /// Serialises imports so versions increase one by one.
    private let importing = Locked(())

    static let fileExtension = ".hotlist"
    /// Rewritten after every import or removal, so that a running unit notices lists changed
    /// by another process (`milepost hotlist import`) without re-reading every list.
    static let generationFile = "generation"

    public init(directory: String, fileSystem: any FileSystem, approvals: any HotlistApprovalChecking) throws(FileError) {
        self.directory = directory
        self.fileSystem = fileSystem
        self.approvals = approvals
        try fileSystem.makeDirectories(directory)
    }

    /// Loads every stored list and checks each against its approval. A list that cannot be
    /// read, or whose approval does not pass, is reported in `status` (an alarm) and not
    /// matched, rather than stopping the others. Returns what changed since the last load
    /// (at the first, every list).
    @discardableResult
    public func load() throws(FileError) -> [HotlistChange] {
        var loaded = Lists()
        loaded.generation = try currentGeneration()
        loaded.approvalStamp = approvals.stateStamp
        for name in try fileSystem.listDirectory(directory) where name.hasSuffix(Self.fileExtension) {
            let listName = String(name.dropLast(Self.fileExtension.count))
            let decoded: StoredHotlistFormat.Decoded
            do {
                decoded = try StoredHotlistFormat.decode(try fileSystem.readWholeFile(PathNames.join(directory, name)))
            } catch let error as StoredHotlistFormat.Problem {
                loaded.unreadable[listName] = error.description
                continue
            } catch {
                loaded.unreadable[listName] = "\(error)"
                continue
            }
            guard decoded.settings.name == listName else {
                loaded.unreadable[listName] = "the file holds list '\(decoded.settings.name)', not '\(listName)'"
                continue
            }
            let content = ListContentSummary(settings: decoded.settings, entries: decoded.entries)
            do throws(HotlistApprovalRefusal) {
                guard let token = decoded.header.approval else { throw HotlistApprovalRefusal("it has no approval (stored before approvals were required); import it again with --approval") }
                let approval = try approvals.check(token, for: content)
                loaded.active[listName] = decoded.list(approval: approval)
            } catch {
                loaded.refused[listName] = (decoded.header.version, content.sha256, error.reason)
            }
        }
        let refusals = try refusedImports()
        return lists.withLock { current in
            let changes = Self.changes(from: current, to: loaded)
            current = loaded
            return changes + refusals
        }
    }

    /// Leaves a refused import for the running unit to audit (`RefusedImportRecord`).
    public func recordRefusedImport(_ refusal: RefusedImportRecord) throws(FileError) {
        var refusal = refusal
        refusal.reason = String(refusal.reason.prefix(RefusedImportRecord.maximumReasonLength))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let bytes = Array((try? encoder.encode(refusal)) ?? Data()) + [UInt8(ascii: "\n")]
        let directory = PathNames.join(self.directory, RefusedImportRecord.directory)
        try fileSystem.makeDirectories(directory)
        let name = "\(refusal.refusedAt)-\(UInt64.random(in: 0...UInt64.max)).json"
        try fileSystem.replaceAtomically(PathNames.join(directory, name), with: bytes)
        markChanged("import of \(refusal.list) refused")
    }

    /// Deletes a refusal record once the unit has audited it.
    public func discardRefusedImport(record: String) throws(FileError) {
        try fileSystem.removeDurably(PathNames.join(PathNames.join(directory, RefusedImportRecord.directory), record))
    }

    /// The refusal records waiting to be audited, oldest first. A record that cannot be read is
    /// still reported (as such), so that it is audited and not left behind unseen.
    private func refusedImports() throws(FileError) -> [HotlistChange] {
        let directory = PathNames.join(self.directory, RefusedImportRecord.directory)
        guard try fileSystem.status(directory) != nil else { return [] }
        return try fileSystem.listDirectory(directory).filter { $0.hasSuffix(".json") }.sorted().map { (name) throws(FileError) -> HotlistChange in
            let bytes = try fileSystem.readWholeFile(PathNames.join(directory, name))
            let refusal = (try? JSONDecoder().decode(RefusedImportRecord.self, from: Data(bytes)))
                ?? RefusedImportRecord(list: "?", fileSHA256: StoredHotlistFormat.hex(SHA256.hash(data: bytes)), contentSHA256: nil,
                                       sourceFile: name, reason: "the refusal record \(name) is unreadable", refusedAt: 0)
            return .importRefused(refusal, record: name)
        }
    }

    /// Loads the lists again if another process imported or removed one, or the approvals'
    /// state changed (a new revocation list), since they were last loaded; matching goes on
    /// with the previous lists until the new ones are in memory. Returns what changed, or nil
    /// when nothing needed loading.
    @discardableResult
    public func reloadIfChanged() throws(FileError) -> [HotlistChange]? {
        let (seen, stamp) = lists.withLock { ($0.generation, $0.approvalStamp) }
        guard try currentGeneration() != seen || approvals.stateStamp != stamp else { return nil }
        return try importing.withLock { (_) throws(FileError) in try load() }
    }

    private static func changes(from old: Lists, to new: Lists) -> [HotlistChange] {
        var changes: [HotlistChange] = []
        for (name, list) in new.active.sorted(by: { $0.key < $1.key }) {
            let before = old.active[name]
            guard let approval = list.approval,
                  before?.version != list.version || before?.importedAt != list.importedAt || before?.contentSHA256 != list.contentSHA256 || before?.approval != approval
            else { continue }
            changes.append(.installed(name: name, version: list.version, sha256: list.contentSHA256, entryCount: list.entryCount,
                                      approval: approval, replacing: before?.version))
        }
        for (name, refusal) in new.refused.sorted(by: { $0.key < $1.key }) {
            if let before = old.refused[name], before == refusal { continue }
            changes.append(.refused(name: name, version: refusal.version, sha256: refusal.sha256, reason: refusal.reason))
        }
        for (name, problem) in new.unreadable.sorted(by: { $0.key < $1.key }) where old.unreadable[name] != problem {
            changes.append(.refused(name: name, version: nil, sha256: nil, reason: "unreadable: \(problem)"))
        }
        for (name, list) in old.active.sorted(by: { $0.key < $1.key }) where new.active[name] == nil && new.refused[name] == nil && new.unreadable[name] == nil {
            changes.append(.removed(name: name, version: list.version))
        }
        return changes
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

    /// Parses `bytes` in `format` and replaces the list named in `settings`, if `approval`
    /// approves exactly the parsed content.
    @discardableResult
    public func importList(
        _ bytes: [UInt8], file: String, format: HotlistFileFormat, settings: ListSettings, approval: String, now: Int64
    ) throws(HotlistStoreError) -> ActiveHotlist {
        let entries = try HotlistContent.entries(parsing: bytes, file: file, format: format, settings: settings)
        return try replace(settings: settings, entries: entries, sourceFile: file, approval: approval, now: now)
    }

    /// Commits a new version of a list to disk, then makes it the active one. Entries whose
    /// text breaks `EntryTextRules` are refused here too, whoever built them, and so is a list
    /// that `approval` does not approve.
    @discardableResult
    public func replace(
        settings: ListSettings, entries: [HotlistEntry], sourceFile: String, approval token: String, now: Int64
    ) throws(HotlistStoreError) -> ActiveHotlist {
        guard ListSettings.isValidName(settings.name) else { throw .invalidListName(settings.name) }
        for (offset, entry) in entries.enumerated() {
            if let refused = EntryTextRules.firstProblem(in: entry) {
                throw .entryRefused(list: settings.name, index: offset + 1, field: refused.field, problem: refused.problem)
            }
        }
        return try importing.withLock { (_) throws(HotlistStoreError) -> ActiveHotlist in
            let previousVersion = lists.withLock { max($0.active[settings.name]?.version ?? 0, $0.refused[settings.name]?.version ?? 0) }
            let content = ListContentSummary(settings: settings, entries: entries)
            let approval: ListApproval
            do throws(HotlistApprovalRefusal) {
                approval = try approvals.check(token, for: content)
            } catch {
                throw .notApproved(list: settings.name, sha256: content.sha256, reason: error.reason)
            }
            let list = ActiveHotlist(settings: settings, version: previousVersion + 1, importedAt: now, sourceFile: sourceFile, entries: entries, approval: approval)
            do throws(FileError) {
                try fileSystem.replaceAtomically(path(of: settings.name), with: StoredHotlistFormat.encode(list))
            } catch {
                throw .fileSystem(error)
            }
            lists.withLock {
                $0.active[settings.name] = list
                $0.unreadable[settings.name] = nil
                $0.refused[settings.name] = nil
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
                $0.refused[name] = nil
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
                var status = HotlistStatus(
                    name: list.settings.name, condition: age > HotlistStatus.maximumAge ? .stale : .current,
                    version: list.version, entryCount: list.entryCount, importedAt: list.importedAt, ageSeconds: age)
                status.sha256 = list.contentSHA256
                if let approval = list.approval {
                    status.approvalID = approval.id
                    status.approvedUntil = approval.until
                    if !approval.isInForce(at: now) {
                        status.condition = .unapproved
                        status.problem = now < approval.notBefore
                            ? "approval \(approval.id) is not in force before \(approval.notBefore) (epoch seconds)"
                            : "approval \(approval.id) ended at \(approval.until) (epoch seconds); not matched until a new approval is imported"
                    }
                }
                return status
            }
            for (name, problem) in lists.unreadable where lists.active[name] == nil {
                result.append(HotlistStatus(name: name, condition: .unreadable, problem: problem))
            }
            for (name, refusal) in lists.refused where lists.active[name] == nil {
                var status = HotlistStatus(name: name, condition: .unapproved, version: refusal.version, problem: refusal.reason)
                status.sha256 = refusal.sha256
                result.append(status)
            }
            return result.sorted { $0.name < $1.name }
        }
    }

    private func path(of name: String) -> String { PathNames.join(directory, name + Self.fileExtension) }
}
