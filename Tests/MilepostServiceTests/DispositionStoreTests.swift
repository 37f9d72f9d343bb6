import Foundation
import MilepostCore
import MilepostHotlist
import MilepostSystem
import MilepostTesting
import Testing

@testable import MilepostService

@Suite struct DispositionStoreTests {
    static let directory = "/o/dispositions"

    static func record(_ sequence: UInt64, _ disposition: Disposition, note: String = "") -> DispositionRecord {
        DispositionRecord(sequence: sequence, noticeID: "n-\(sequence)", disposition: disposition, officer: "badge-311", note: note, atMillis: 1)
    }

    @Test func aCorruptDispositionsFileIsReportedByNameAndNotOverwritten() throws {
        let files = FaultInjectingFileSystem()
        let store = try DispositionStore(directory: Self.directory, fileSystem: files)
        try store.append(Self.record(4, .misread))
        let path = Self.directory + "/4.json"
        files.overwrite(path, with: Array(#"[{"sequence":4,"noticeID":"n-4","dispo"#.utf8))

        let reading = #expect(throws: (any Error).self) { try store.records(for: 4) }
        #expect(reading.map { "\($0)" }?.hasPrefix("\(path) is not a list of disposition records") == true)
        let appending = #expect(throws: (any Error).self) { try store.append(Self.record(4, .dismissed)) }
        #expect(appending.map { "\($0)" }?.hasPrefix("\(path) is not a list of disposition records") == true)
        #expect(files.durableContents(of: path) == Array(#"[{"sequence":4,"noticeID":"n-4","dispo"#.utf8))
        // Other notices' dispositions are unaffected.
        try store.append(Self.record(5, .confirmedHit))
        #expect(try store.records(for: 5) == [Self.record(5, .confirmedHit)])
    }

    @Test func openingRemovesTheTemporariesAnInterruptedWriteLeftAndNothingElse() throws {
        let files = FaultInjectingFileSystem()
        let kept = ["7.json", "notes.txt", "7.json.tmp-12", "x.json.tmp", "7.json.tmp.bak"]
        for name in kept + ["7.json.tmp", "12.json.tmp"] { files.overwrite(Self.directory + "/" + name, with: Array("[]".utf8)) }

        _ = try DispositionStore(directory: Self.directory, fileSystem: files)
        files.powerCut(.dropUnsynced)
        #expect(try files.listDirectory(Self.directory) == kept.sorted())
    }
}
