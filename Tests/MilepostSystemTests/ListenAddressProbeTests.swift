import MilepostSystem
import Testing

@Suite struct ListenAddressProbeTests {
    @Test func aFreeLoopbackPortPassesAndOneNotOnThisMachineIsNamed() throws {
        try ListenAddressProbe.check(host: "127.0.0.1", port: 0)
        do {
            try ListenAddressProbe.check(host: "192.0.2.1", port: 8640)  // TEST-NET-1: never local
            Issue.record("an address of another machine passed")
        } catch {
            #expect(error.description == "cannot listen on 192.0.2.1:8640: the IPv4 address it resolves to is not an address of this machine")
        }
        #expect(throws: ListenAddressError.self) { try ListenAddressProbe.check(host: "127.0.0.1", port: 70_000) }
        #expect(throws: ListenAddressError.self) { try ListenAddressProbe.check(host: "no-such-host.invalid", port: 8640) }
    }
}
