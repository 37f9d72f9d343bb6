import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MilepostCore
import MilepostPolicy
import ServiceLifecycle
import Testing

@testable import MilepostService
import MilepostSystem
import MilepostTesting

/// Unauthenticated refusals are audited bounded per peer: the first in a window in full, the
/// rest counted into one summary; none is lost.
@Suite struct PolicyRefusalLimiterTests {
    static let start = UTCTime(rfc3339: "2026-11-29T12:00:00Z")!

    static func refusal(from source: String, type: String = "search.unauthenticated", reason: String = "unknown or revoked token") -> UnauthenticatedRefusal {
        UnauthenticatedRefusal(type: type, actor: AuditActor(id: "unauthenticated", organisation: ""), source: source, object: "search", reason: reason)
    }

    func at(_ seconds: Int64) -> UTCTime { Self.start.adding(seconds: seconds) }

    /// How many refusals an entry accounts for: 1 for one in full, N for "N further…".
    static func accounted(_ events: [AuditEvent]) -> Int {
        events.reduce(0) { total, event in
            total + (event.type.hasSuffix(".summary") ? Int(event.object.prefix { $0.isNumber })! : 1)
        }
    }

    @Test func aPeersFirstRefusalInAWindowIsAuditedAndTheRestAreSummarisedWhenItEnds() {
        var limiter = RefusalAuditLimiter(windowMilliseconds: 60_000, maximumPeers: 4)
        #expect(limiter.admit(Self.refusal(from: "10.0.0.9"), at: at(0)).map(\.source) == ["10.0.0.9"])
        for second in 1...59 {
            #expect(limiter.admit(Self.refusal(from: "10.0.0.9", reason: "try \(second)"), at: at(Int64(second))).isEmpty)
        }
        #expect(limiter.closeWindows(endedBy: at(59)).isEmpty, "the window is still open")
        let summaries = limiter.closeWindows(endedBy: at(60))
        #expect(summaries.count == 1)
        #expect(summaries.first?.type == "search.unauthenticated.summary")
        #expect(summaries.first?.source == "10.0.0.9")
        #expect(summaries.first?.object == "59 further refused requests from 10.0.0.9 from 2026-11-29T12:00:00Z to 2026-11-29T12:00:59Z")
        #expect(summaries.first?.outcome == .denied(reason: "the last: try 59"))
        #expect(limiter.windows.isEmpty)
    }

    @Test func aRefusalAfterTheWindowWritesTheSummaryFirstThenItselfInFull() {
        var limiter = RefusalAuditLimiter(windowMilliseconds: 60_000, maximumPeers: 4)
        _ = limiter.admit(Self.refusal(from: "10.0.0.9"), at: at(0))
        _ = limiter.admit(Self.refusal(from: "10.0.0.9"), at: at(10))
        let events = limiter.admit(Self.refusal(from: "10.0.0.9"), at: at(61))
        #expect(events.map(\.type) == ["search.unauthenticated.summary", "search.unauthenticated"])
        #expect(events.first?.object.hasPrefix("1 further refused request from 10.0.0.9") == true)
    }

    @Test func peersAndRefusalTypesHaveWindowsOfTheirOwn() {
        var limiter = RefusalAuditLimiter(windowMilliseconds: 60_000, maximumPeers: 4)
        #expect(limiter.admit(Self.refusal(from: "10.0.0.9"), at: at(0)).count == 1)
        #expect(limiter.admit(Self.refusal(from: "10.0.0.10"), at: at(1)).count == 1, "another peer")
        #expect(limiter.admit(Self.refusal(from: "10.0.0.9", type: "policy.install-refused"), at: at(2)).count == 1, "another kind of refusal")
        #expect(limiter.admit(Self.refusal(from: "10.0.0.9"), at: at(3)).isEmpty)
        #expect(limiter.closeAll().map(\.source) == ["10.0.0.9"], "only windows with counted refusals need a summary")
    }

    @Test func aFloodFromManyAddressesIsBoundedAndEveryRefusalIsAccountedFor() {
        var limiter = RefusalAuditLimiter(windowMilliseconds: 60_000, maximumPeers: 4)
        var written: [AuditEvent] = []
        // 1,000 refusals in one window from 100 addresses.
        for index in 0..<1000 {
            written += limiter.admit(Self.refusal(from: "10.0.1.\(index % 100)"), at: at(Int64(index / 20)))
        }
        written += limiter.closeAll()
        // 4 peers with windows of their own (one entry in full and one summary each); the other
        // 96 share one window (the first of them in full, then one summary).
        #expect(written.count == 4 * 2 + 2)
        let shared = written.filter { $0.source == RefusalAuditLimiter.otherPeers }
        #expect(shared.count == 1)
        #expect(shared.first?.object.contains("among them 10.0.1.") == true)
        #expect(Self.accounted(written) == 1000)
        #expect(limiter.windows.isEmpty)
    }

    @Test func aLongFloodFromOnePeerCostsAtMostTwoEntriesPerWindow() {
        var limiter = RefusalAuditLimiter(windowMilliseconds: 60_000, maximumPeers: 4)
        var written: [AuditEvent] = []
        for second in 0..<3600 { // one refusal a second for an hour
            written += limiter.admit(Self.refusal(from: "10.0.0.9"), at: at(Int64(second)))
        }
        written += limiter.closeAll()
        #expect(written.count == 120)
        #expect(Self.accounted(written) == 3600)
    }
}

@Suite struct PolicyRefusalAuditTests {
    let f: PolicyUnitFixture
    init() throws { f = try PolicyUnitFixture() }

    @Test func refusalsAreWrittenOnThePolicyQueueInOrderAndFlushedAtShutdown() async throws {
        let queue = SerialLane(label: "test.policy", pool: .forTests)
        let witness = QueueWitness(queue)
        let recorder = NoticePolicyAuditTests.WitnessedRecorder(f.unit.audit, witness: witness)
        let refusals = RefusalAudit(recorder: recorder, clock: f.clock, queue: queue, logger: Logger(label: "test"))
        let clock = PolicyTestClock()
        let service = RefusalAuditService(refusals: refusals, interval: .seconds(60), clock: clock)
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        let before = f.auditEntries.count

        await clock.waitForSleepCalls(1)
        for _ in 0..<5 { await refusals.refused(PolicyRefusalLimiterTests.refusal(from: "10.0.0.9")) }
        #expect(f.auditEntries.count == before + 1, "one entry for five refusals")

        // The window ends; the service's next look writes the summary.
        f.clock.advance(milliseconds: 60_000)
        clock.advance(by: .seconds(60))
        await clock.waitForSleepCalls(2)
        #expect(f.auditEntries.suffix(2).map(\.event) == ["search.unauthenticated", "search.unauthenticated.summary"])
        #expect(f.auditEntries.last?.object.hasPrefix("4 further refused requests from 10.0.0.9") == true)

        // Counted but not yet summarised at shutdown: written then.
        await refusals.refused(PolicyRefusalLimiterTests.refusal(from: "10.0.0.7"))
        await refusals.refused(PolicyRefusalLimiterTests.refusal(from: "10.0.0.7"))
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(f.auditEntries.suffix(2).map(\.event) == ["search.unauthenticated", "search.unauthenticated.summary"])
        #expect(f.auditEntries.last?.source == "10.0.0.7")
        #expect(witness.calls == 4 && witness.allOnQueue, "every write ran on the policy queue")
        #expect(f.verifyAudit().isIntact)
    }

    func app(_ refusals: RefusalAudit) -> some ApplicationProtocol {
        let router = Router(context: UnitRequestContext.self)
        PolicyRoutes(unit: f.unit, reads: ReadStoreSearch(store: f.store), requesters: PolicyRoutesTests.tokens,
                     queue: SerialLane(label: "test.policy", pool: .forTests), refusals: refusals).add(to: router)
        return Application(router: router)
    }

    @Test func unauthenticatedSearchesAreAuditedBoundedAndSearchesWithAValidTokenOneByOne() async throws {
        let refusals = RefusalAudit(recorder: f.unit.audit, clock: f.clock, queue: SerialLane(label: "test.policy", pool: .forTests), logger: Logger(label: "test"))
        let approval = try f.approval(maxUses: 10)
        let body = try JSONSerialization.data(withJSONObject: [
            "approval": approval, "requester": ["id": "badge-311"], "caseNumber": "2026-0042",
            "from": f.time(hoursFromStart: -72).description, "to": f.time(hoursFromStart: 0).description, "plate": "ABC123",
        ])
        let before = f.auditEntries.count
        try await app(refusals).test(.router) { client in
            for token in [nil, "guessed-1", "guessed-2", "guessed-3"] {
                try await client.execute(uri: "/api/search", method: .post, headers: token.map { PolicyRoutesTests.bearer($0) } ?? [:],
                                         body: ByteBuffer(data: body)) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            try await client.execute(uri: "/api/notices/n-1/read", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            // With valid tokens: each attempt is its own entry (one searches; one states another requester).
            for token in ["t-311", "t-999"] {
                try await client.execute(uri: "/api/search", method: .post, headers: PolicyRoutesTests.bearer(token), body: ByteBuffer(data: body)) { _ in }
            }
        }
        let during = f.auditEntries.dropFirst(before)
        #expect(during.map(\.event) == ["search.unauthenticated", "hit-notice.lookup.unauthenticated", "search.authorized", "search.completed", "search.denied"],
                "\(during.map(\.event))")
        #expect(during.first?.outcome == .denied(reason: "an Authorization: Bearer token is required"))
        await refusals.flushAll()
        let summary = try #require(f.auditEntries.last)
        #expect(summary.event == "search.unauthenticated.summary")
        #expect(summary.object.hasPrefix("3 further refused requests from unknown"))
        #expect(summary.outcome == .denied(reason: "the last: unknown or revoked token"))
        #expect(f.verifyAudit().isIntact)
    }
}

/// Every audit write the policy API makes, whatever the route or outcome, runs on the one
/// policy queue: that queue is what keeps them off the cooperative pool and in order.
@Suite struct PolicyAuditQueueTests {
    @Test func everyAuditWriteOfThePolicyRoutesRunsOnThePolicyQueue() async throws {
        let queue = SerialLane(label: "test.policy", pool: .forTests)
        let witness = QueueWitness(queue)
        let f = try PolicyUnitFixture(auditWitness: witness)
        try f.addRead("ABC123", hoursFromStart: -5)
        witness.forget()  // the fixture's own set-up wrote from the test
        let router = Router(context: UnitRequestContext.self)
        PolicyRoutes(unit: f.unit, reads: ReadStoreSearch(store: f.store), requesters: PolicyRoutesTests.tokens, queue: queue,
                     refusals: RefusalAudit(recorder: f.unit.audit, clock: f.clock, queue: queue, logger: Logger(label: "test"))).add(to: router)
        let search = try JSONSerialization.data(withJSONObject: [
            "approval": try f.approval(), "requester": ["id": "badge-311"], "caseNumber": "2026-0042",
            "from": f.time(hoursFromStart: -72).description, "to": f.time(hoursFromStart: 0).description, "plate": "ABC123",
        ])
        @Sendable func install(_ token: String) throws -> ByteBuffer {
            ByteBuffer(data: try JSONSerialization.data(withJSONObject: ["token": token]))
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/api/policy/documents", method: .post, body: try install(try f.authorization())) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/policy/documents", method: .post, body: try install(try f.revocationList(version: 1))) { response in
                #expect(response.status == .forbidden, "replayed")
            }
            try await client.execute(uri: "/api/policy/documents", method: .post, body: try install("v4.public.garbage")) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/search", method: .post, body: ByteBuffer(data: search)) { response in
                #expect(response.status == .unauthorized)
            }
            for token in ["t-311", "t-999"] {
                try await client.execute(uri: "/api/search", method: .post, headers: PolicyRoutesTests.bearer(token), body: ByteBuffer(data: search)) { _ in }
            }
        }
        let written = f.auditEntries.suffix(witness.calls).map(\.event)
        #expect(written == ["policy.installed", "policy.install-refused", "policy.install-refused", "search.unauthenticated",
                            "search.authorized", "search.completed", "search.denied"], "\(written)")
        #expect(witness.allOnQueue, "every one of them was written on the policy queue")
    }
}
