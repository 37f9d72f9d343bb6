import MilepostCore
import Testing
@testable import MilepostStorage

@Suite struct QueryTests {
    @Test func exactWildcardAndTimeQueriesStreamTheRightReads() throws {
        let fixture = StoreFixture()
        let store = try fixture.open()
        let plates = ["ABC123", "ABD123", "XYZ999", "ABC123", "ABC1234"]
        for (n, plate) in plates.enumerated() {
            try store.append(sampleRead(n + 1, plate: plate, time: baseTime + Int64(n) * hour))
        }
        #expect(Array(try store.query(.plate("ABC123"))).map(\.sequence) == [1, 4])
        #expect(Array(try store.query(.pattern(PlatePattern("AB?123")))).map(\.sequence) == [1, 2, 4])
        #expect(Array(try store.query(.pattern(PlatePattern("ABC*")))).map(\.sequence) == [1, 4, 5])
        let range = UTCTime(millisecondsSinceEpoch: baseTime + hour)...UTCTime(millisecondsSinceEpoch: baseTime + 3 * hour)
        var cursor = try store.query(.captured(range))
        #expect(cursor.matchCount == 3)
        #expect(cursor.next()?.sequence == 2)
        #expect(cursor.next()?.sequence == 3)
        #expect(cursor.next()?.sequence == 4)
        #expect(cursor.next() == nil)
        #expect { _ = try store.query(.plate("AB?")) } throws: { "\($0)".contains("unknown character") }
        // The index is rebuilt at open.
        let reopened = try fixture.reopenAfterCut(store)
        #expect(Array(try reopened.query(.plate("ABC123"))).map(\.sequence) == [1, 4])
    }
}
