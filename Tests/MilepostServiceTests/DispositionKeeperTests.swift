import Foundation
import MilepostCore
import MilepostHotlist
import MilepostSystem
import MilepostTesting
import Testing

@testable import MilepostService

/// The acknowledgement of a disposition: stored, then audited; taken back when the audit log
/// refuses it.
@Suite struct DispositionKeeperTests {
    static let directory = "/o/dispositions"

    static func record(_ sequence: UInt64, _ disposition: Disposition, note: String = "") -> DispositionRecord {
        DispositionRecord(sequence: sequence, noticeID: "n-\(sequence)", disposition: disposition, officer: "badge-311", note: note, atMillis: 1)
    }

    @Test func aDispositionTheAuditLogRefusesIsWithdrawnAndTheErrorSaysSo() async throws {
        let files = FaultInjectingFileSystem()
        let store = try DispositionStore(directory: Self.directory, fileSystem: files)
        let earlier = Self.record(1, .misread)
        try store.append(earlier)
        let keeper = DispositionKeeper(store: store, audit: RecordingNoticeAudit(failing: true), queue: SerialLane(label: "test.notices", pool: .forTests))

        let error = await #expect(throws: DispositionNotKept.self) { try await keeper.keep(Self.record(1, .confirmedHit, note: "NH plate")) }
        #expect(error?.description.contains("the audit log could not record it") == true)
        #expect(error?.description.hasSuffix("it was not kept") == true)
        #expect(error?.isDiskFull == false)
        #expect(try store.records(for: 1) == [earlier])
    }

    @Test func aKeptDispositionIsStoredThenAuditedAsRecorded() async throws {
        let files = FaultInjectingFileSystem()
        let store = try DispositionStore(directory: Self.directory, fileSystem: files)
        let audit = RecordingNoticeAudit()
        let keeper = DispositionKeeper(store: store, audit: audit, queue: SerialLane(label: "test.notices", pool: .forTests))

        let record = Self.record(2, .wrongState, note: "NH plate")
        try await keeper.keep(record)
        #expect(try store.records(for: 2) == [record])
        #expect(audit.events.withLock { $0 } == [NoticeAuditEvent(
            action: .dispositionRecorded, officer: "badge-311", noticeSequence: 2, noticeID: "n-2", detail: "wrong_state: NH plate", atMillis: 1)])
    }
}
