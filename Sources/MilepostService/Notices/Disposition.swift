import Foundation
import MilepostHotlist
import Synchronization

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
    private let fileSystem: any DurableFileSystem
    private let writing = Mutex(())

    public init(directory: String, fileSystem: any DurableFileSystem) throws(FileSystemError) {
        self.directory = directory
        self.fileSystem = fileSystem
        try fileSystem.createDirectory(directory)
    }

    public func records(for sequence: UInt64) throws -> [DispositionRecord] {
        let path = self.path(sequence)
        guard fileSystem.fileExists(path) else { return [] }
        return try JSONDecoder().decode([DispositionRecord].self, from: Data(try fileSystem.readFile(path)))
    }

    public func append(_ record: DispositionRecord) throws {
        try writing.withLock { _ in
            let all = try records(for: record.sequence) + [record]
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            try fileSystem.writeAtomically([UInt8](try encoder.encode(all)), to: path(record.sequence))
        }
    }

    private func path(_ sequence: UInt64) -> String { Path.join(directory, "\(sequence).json") }
}
