import Foundation
import MilepostCore
import MilepostHotlist
import MilepostSystem

public struct DispositionRecord: Codable, Sendable, Equatable {
    public var sequence: UInt64
    public var noticeID: String
    public var disposition: Disposition
    public var officer: String
    public var note: String
    public var atMillis: Int64

    public init(sequence: UInt64, noticeID: String, disposition: Disposition, officer: String, note: String, atMillis: Int64) {
        self.sequence = sequence
        self.noticeID = noticeID
        self.disposition = disposition
        self.officer = officer
        self.note = note
        self.atMillis = atMillis
    }
}

/// Dispositions, kept per notice in `<directory>/<sequence>.json` (all records for that
/// notice, rewritten atomically on each new one). A notice can be dispositioned more than
/// once (an officer corrects themself); every record is kept.
public final class DispositionStore: Sendable {
    private let directory: String
    private let fileSystem: any FileSystem
    private let writing = Locked(())

    /// Creates the directory if needed and removes the temporaries (`<sequence>.json.tmp`) that
    /// a rewrite cut short by a crash or power cut left behind.
    public init(directory: String, fileSystem: any FileSystem) throws(FileError) {
        self.directory = directory
        self.fileSystem = fileSystem
        try fileSystem.makeDirectories(directory)
        try fileSystem.removeLeftoverTemporaries(in: directory, where: Self.isTemporary)
    }

    /// `replaceAtomically`'s temporary for a notice's file.
    static func isTemporary(_ name: String) -> Bool {
        guard name.hasSuffix(".json.tmp") else { return false }
        let sequence = name.dropLast(".json.tmp".count)
        return !sequence.isEmpty && sequence.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Every record for the notice, oldest first; none when it has no file. A file that is not
    /// a list of records is an error naming it (it is never overwritten).
    public func records(for sequence: UInt64) throws -> [DispositionRecord] {
        let path = self.path(sequence)
        guard fileSystem.exists(path) else { return [] }
        let bytes = try fileSystem.readWholeFile(path)
        do {
            return try JSONDecoder().decode([DispositionRecord].self, from: Data(bytes))
        } catch {
            throw DispositionFileError(path: path, problem: DispositionFileError.summary(of: error))
        }
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

/// A notice's dispositions file that cannot be read as a list of records (damaged on disk or
/// edited by hand).
public struct DispositionFileError: Error, CustomStringConvertible {
    public var path: String
    public var problem: String

    public var description: String { "\(path) is not a list of disposition records: \(problem)" }

    static func summary(of error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let at = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return context.debugDescription + (at.isEmpty ? "" : " (at \(at))")
        default:
            return "\(error)"
        }
    }
}
