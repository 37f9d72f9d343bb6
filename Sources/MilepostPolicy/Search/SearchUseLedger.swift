import Foundation
import MilepostSystem

/// Counts how many times each search approval has been used, durably, so that `maxUses`
/// holds across restarts.
public protocol SearchUseLedger: AnyObject, Sendable {
    func uses(of approvalID: String) throws -> Int
    /// Counts one use and returns the new count; throws `.searchUsesExhausted` (counting
    /// nothing) when `maximum` uses have already been made. Durable before it returns.
    func consume(_ approvalID: String, maximum: Int) throws -> Int
}

/// The ledger as a small JSON file (`{"approval-id": uses}`) rewritten atomically on each use.
public final class FileSearchUseLedger: SearchUseLedger, @unchecked Sendable {  // `counts` is read and written only under `lock`
    private let fileSystem: any FileSystem
    public let path: String
    private let lock = NSLock()
    private var counts: [String: Int]

    public init(fileSystem: any FileSystem, path: String) throws {
        self.fileSystem = fileSystem
        self.path = path
        if try fileSystem.isPresent(path) {
            do {
                counts = try JSONDecoder().decode([String: Int].self, from: Data(try fileSystem.readFile(path)))
            } catch let error as PolicyError {
                throw error
            } catch {
                throw PolicyError(.invalidField, "search use ledger \(path) is not a JSON object of counts; refusing to guess how often approvals were used")
            }
        } else {
            counts = [:]
        }
    }

    public func uses(of approvalID: String) throws -> Int { lock.withLock { counts[approvalID] ?? 0 } }

    public func consume(_ approvalID: String, maximum: Int) throws -> Int {
        try lock.withLock {
            let used = counts[approvalID] ?? 0
            guard used < maximum else {
                throw PolicyError(.searchUsesExhausted, "search approval \(approvalID) has been used \(used) of \(maximum) times")
            }
            var next = counts
            next[approvalID] = used + 1
            try write(next)
            counts = next
            return used + 1
        }
    }

    /// Raises an approval's count to `minimum` (the uses the audit log records), durably.
    /// Returns whether it was below.
    public func raise(_ approvalID: String, toAtLeast minimum: Int) throws -> Bool {
        try lock.withLock {
            guard counts[approvalID] ?? 0 < minimum else { return false }
            var next = counts
            next[approvalID] = minimum
            try write(next)
            counts = next
            return true
        }
    }

    /// Rewrites the file from the counts in memory when it is missing, unreadable or counts
    /// fewer uses of some approval (or `force`). Returns whether it rewrote the file.
    public func repairFile(force: Bool = false) throws -> Bool {
        try lock.withLock {
            guard !counts.isEmpty else { return false }
            if !force, try fileSystem.isPresent(path),
               let onDisk = try? JSONDecoder().decode([String: Int].self, from: Data(try fileSystem.readFile(path))),
               counts.allSatisfy({ onDisk[$0.key] ?? 0 >= $0.value }) {
                return false
            }
            try write(counts)
            return true
        }
    }

    private func write(_ counts: [String: Int]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try fileSystem.writeFileAtomically(path, Array(try encoder.encode(counts)), permissions: PolicyStateFiles.permissions)
    }
}
