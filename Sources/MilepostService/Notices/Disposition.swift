import Foundation
import MilepostCore
import MilepostHotlist
import MilepostSystem

/// The officer's verdict on a notice after checking it.
public enum Disposition: String, Codable, Sendable, CaseIterable {
    case confirmedHit = "confirmed_hit"
    case wrongState = "wrong_state"
    case misread
    case dismissed
}

public struct DispositionRecord: Codable, Sendable, Equatable {
    public var sequence: UInt64
    public var noticeID: String
    public var disposition: Disposition
    public var officer: String
    public var note: String
    public var atMillis: Int64
}

/// Dispositions, kept per notice in `<directory>/<sequence>.json` (all records for that
/// notice, rewritten atomically on each new one). A notice can be dispositioned more than
/// once (an officer corrects themself); every record is kept.
public final class DispositionStore: Sendable {
    private let directory: String
    private let fileSystem: any FileSystem
    private let writing = Locked(())

    public init(directory: String, fileSystem: any FileSystem) throws(FileError) {
        self.directory = directory
        self.fileSystem = fileSystem
        try fileSystem.makeDirectories(directory)
    }

    public func records(for sequence: UInt64) throws -> [DispositionRecord] {
        let path = self.path(sequence)
        guard fileSystem.exists(path) else { return [] }
        return try JSONDecoder().decode([DispositionRecord].self, from: Data(try fileSystem.readWholeFile(path)))
    }

    public func append(_ record: DispositionRecord) throws {
        try writing.withLock { _ in
            try write(try records(for: record.sequence) + [record], sequence: record.sequence)
        }
    }

    /// Takes back a record `append` stored, when the audit log could not record it: a
    /// disposition the audit log does not have is not kept. The notice's file goes when it
    /// held only that record.
    public func withdraw(_ record: DispositionRecord) throws {
        try writing.withLock { _ in
            var all = try records(for: record.sequence)
            guard let index = all.lastIndex(of: record) else { return }
            all.remove(at: index)
            if all.isEmpty {
                try fileSystem.removeDurably(path(record.sequence))
            } else {
                try write(all, sequence: record.sequence)
            }
        }
    }

    private func write(_ all: [DispositionRecord], sequence: UInt64) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try fileSystem.replaceAtomically(path(sequence), with: [UInt8](try encoder.encode(all)))
    }

    private func path(_ sequence: UInt64) -> String { PathNames.join(directory, "\(sequence).json") }
}
