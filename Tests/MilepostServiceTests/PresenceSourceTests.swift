import Testing
@testable import MilepostService

@Suite struct PresenceSourceTests {
    @Test func periodicSourceYieldsNumberedEvents() async {
        let source = PeriodicPresenceSource(interval: .milliseconds(1), clock: ContinuousClock())
        var seen: [UInt64] = []
        for await event in source.events() {
            seen.append(event.timestampNanoseconds)
            if seen.count == 3 { break }
        }
        #expect(seen == [1, 2, 3])
    }
}
