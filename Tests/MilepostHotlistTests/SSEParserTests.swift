import Testing

@testable import MilepostHotlist

@Suite struct SSEParserTests {
    @Test func eventsSplitInsideAMultiByteCharacterArriveWhole() {
        let stream = Array(": heartbeat\n\nid: 7\ndata: {\"reason\":\"Véhicule volé — Montréal\"}\n\n".utf8)
        let cut = stream.firstIndex(of: 0xC3)! + 1  // between the two bytes of "é"
        var parser = SSEParser()
        #expect(parser.feed(stream[..<cut]).isEmpty)
        #expect(parser.feed(stream[cut...]) == ["{\"reason\":\"Véhicule volé — Montréal\"}"])
    }

    @Test func severalEventsInOneChunkAndAPartialOneHeldBack() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: a\n\ndata: b\n\ndata: c".utf8)) == ["a", "b"])
        #expect(parser.feed(Array("\n\n".utf8)) == ["c"])
    }
}
