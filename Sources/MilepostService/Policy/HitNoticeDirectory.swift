import Foundation
import MilepostCore
import MilepostHotlist
import MilepostPolicy
import MilepostSystem

/// What a hit-notice lookup needs to know about a notice the unit sent.
public struct HitNoticeReference: Equatable, Sendable {
    public var sequence: UInt64
    public var id: String
    public var plate: String
    public var capturedAt: UTCTime

    public init(sequence: UInt64, id: String, plate: String, capturedAt: UTCTime) {
        self.sequence = sequence
        self.id = id
        self.plate = plate
        self.capturedAt = capturedAt
    }
}

/// The hit notices this unit has sent, looked up by sequence number or notice id.
public protocol HitNoticeDirectory: Sendable {
    /// nil when the unit sent no such notice.
    func notice(_ idOrSequence: String) throws -> HitNoticeReference?
}

/// Reads committed notices straight from the outbox directory (`notices/<16-digit sequence>.json`,
/// as `NoticeOutbox` writes them) without opening the outbox, so a lookup never writes to it or
/// races the running unit. Only the fields a lookup needs are decoded.
public struct OutboxNoticeFiles: HitNoticeDirectory {
    let directory: String
    let fileSystem: any FileSystem

    public init(outboxDirectory: String, fileSystem: any FileSystem) {
        self.directory = outboxDirectory
        self.fileSystem = fileSystem
    }

    private var noticesDirectory: String { directory + "/notices" }

    public func notice(_ idOrSequence: String) throws -> HitNoticeReference? {
        guard fileSystem.exists(noticesDirectory) else { return nil }
        if let sequence = UInt64(idOrSequence) {
            let path = noticesDirectory + "/" + NoticeOutbox.fileName(sequence) + ".json"
            return fileSystem.exists(path) ? try load(path) : nil
        }
        for name in try fileSystem.listDirectoryIfPresent(noticesDirectory).sorted() where name.hasSuffix(".json") {
            let found = try load(noticesDirectory + "/" + name)
            if found.id == idOrSequence { return found }
        }
        return nil
    }

    private struct NoticeFile: Decodable {
        struct Notice: Decodable {
            var id: String
            var plate: String
            var capturedAtMillis: Int64
        }
        var sequence: UInt64
        var notice: Notice
    }

    private func load(_ path: String) throws -> HitNoticeReference {
        let stored: NoticeFile
        do {
            stored = try JSONDecoder().decode(NoticeFile.self, from: Data(try fileSystem.readFile(path)))
        } catch let error as PolicyError {
            throw error
        } catch {
            throw PolicyError(.invalidField, "hit notice \(path) is not a stored notice: \(error)")
        }
        return HitNoticeReference(sequence: stored.sequence, id: stored.notice.id, plate: stored.notice.plate,
                                  capturedAt: UTCTime(millisecondsSinceEpoch: stored.notice.capturedAtMillis))
    }
}
