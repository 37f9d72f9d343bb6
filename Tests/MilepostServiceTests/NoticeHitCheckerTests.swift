import MilepostHotlist
import MilepostImaging
import Testing

@testable import MilepostService

@Suite struct NoticeHitCheckerTests {
    @Test func theFirstFrameOfAPassCommitsOneNoticeWithJPEGImages() async throws {
        let files = FaultInjectingFileSystem()
        let clock = ManualNoticeClock()
        let store = try HotlistStore(directory: "/h", fileSystem: files)
        try store.replace(
            settings: ListSettings(name: "ncic", lookalikeSubstitutions: 1),
            entries: [HotlistEntry(plate: try PlateText(normalizing: "ABC1234"), state: "MA", code: .stolenVehicle, reason: "stolen",
                                   entered: 0, expires: nil, source: "MA0140000")],
            sourceFile: "f", now: 0)
        let outbox = try NoticeOutbox(directory: "/o", receivers: [], fileSystem: files, clock: clock)
        let checker = NoticeHitChecker(
            notifier: HitNotifier(hotlists: store, outbox: outbox, clock: clock), unit: "unit-7", site: "Route 9",
            location: .init(latitude: 42, longitude: -71, description: "Route 9 at Main St"))
        let image = LumaImage(width: 64, height: 32, pixels: [UInt8](repeating: 128, count: 64 * 32))
        func observation(_ text: String) -> PlateObservation {
            PlateObservation(text: text, confidence: 870, alternatives: [], box: (0, 0, 64, 32), crop: image)
        }
        let frame = CapturedFrame(image: image, capturedAtMilliseconds: 1_795_000_000_000)
        let later = CapturedFrame(image: image, capturedAtMilliseconds: 1_795_000_000_200)

        #expect(try await checker.check(observation("ABC1234"), frame: frame, permittedHotlists: ["ncic"]) == 1)
        #expect(try await checker.check(observation("A8C1234"), frame: later, permittedHotlists: ["ncic"]) == 0, "same pass")
        #expect(try await checker.check(observation("XYZ999"), frame: later, permittedHotlists: ["ncic"]) == 0)

        let stored = try #require(try outbox.notices(after: 0).first)
        #expect(stored.notice.readConfidence == 0.87)
        #expect(stored.notice.unit == "unit-7")
        #expect(stored.notice.plateCrop.map { Array($0.prefix(2)) } == [0xFF, 0xD8])
        #expect(stored.notice.contextImage.map { Array($0.prefix(2)) } == [0xFF, 0xD8])
        #expect(try outbox.notices(after: 0).count == 1)
    }
}
