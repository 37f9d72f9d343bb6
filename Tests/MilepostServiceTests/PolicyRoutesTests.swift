import Foundation
import Hummingbird
import Logging
import HummingbirdTesting
import MilepostPolicy
import Testing
@testable import MilepostService
import MilepostSystem
import MilepostTesting

@Suite struct PolicyRoutesTests {
    let f: PolicyUnitFixture

    init() throws {
        f = try PolicyUnitFixture()
        try f.addRead("ABC123", hoursFromStart: -24)
        try f.addRead("ABC123", hoursFromStart: -5)
        try f.addRead("XYZ999", hoursFromStart: -5)
        witness = QueueWitness(queue)
        refusals = RefusalAudit(recorder: f.unit.audit, clock: f.clock, queue: queue, logger: Logger(label: "test"))
    }

    let queue = SerialLane(label: "test.policy", pool: .forTests)
    let witness: QueueWitness
    let refusals: RefusalAudit

    /// Notes whether each store read ran on the policy queue.
    struct WitnessedReads: SearchableReads {
        let inner: any SearchableReads
        let witness: QueueWitness
        func reads(in scope: ReadScope) throws -> ScopedReads {
            witness.note()
            return try inner.reads(in: scope)
        }
    }

    func app() -> some ApplicationProtocol {
        let router = Router(context: UnitRequestContext.self)
        PolicyRoutes(unit: f.unit, reads: WitnessedReads(inner: ReadStoreSearch(store: f.store), witness: witness), requesters: Self.tokens,
                     notices: OutboxNoticeFiles(outboxDirectory: "/outbox", fileSystem: f.files), queue: queue,
                     refusals: refusals).add(to: router)
        return Application(router: router)
    }

    static let tokens = OfficerTokens(digests: ["badge-311": OfficerTokens.digest(of: "t-311"),
                                                "badge-999": OfficerTokens.digest(of: "t-999")])
    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    static func json(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    func install(_ token: String) throws -> ByteBuffer {
        try Self.json(["token": token, "installer": ["id": "Sgt. D. Tech", "organisation": "Leicester PD"]])
    }

    func searchBody(plate: String?, fromHours: Int64 = -72, toHours: Int64 = 0, approval: String, requester: String = "badge-311") throws -> ByteBuffer {
        var body: [String: Any] = ["approval": approval, "requester": ["id": requester, "organisation": "Leicester PD"], "caseNumber": "2026-0042",
                                   "from": f.time(hoursFromStart: fromHours).description, "to": f.time(hoursFromStart: toHours).description]
        if let plate { body["plate"] = plate }
        return try Self.json(body)
    }

    @Test func aSignedAuthorizationInstallsAndStatusShowsCapturePermitted() async throws {
        let token = try f.authorization()
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/policy/documents", method: .post, body: try install(token)) { response in
                #expect(response.status == .created)
                #expect(String(buffer: response.body).contains("targeting authorization auth-1 serial 1"))
            }
            try await client.execute(uri: "/api/policy/status", method: .get) { response in
                #expect(response.status == .ok)
                let status = try JSONDecoder().decode(PolicyStatusReport.self, from: Data(buffer: response.body))
                #expect(status.capture.permitted && status.capture.authorizationID == "auth-1")
                #expect(status.authorizations.map(\.id) == ["auth-1"] && status.authorizations[0].state == "in force")
                #expect(status.revocationList?.version == 1 && status.revocationList?.fresh == true)
            }
        }
        let installed = f.auditEntries.first { $0.event == "policy.installed" && $0.object.contains("auth-1") }
        #expect(installed?.actor == AuditActor(id: "Sgt. D. Tech", organisation: "Leicester PD"))
        #expect(installed?.source == "unknown")  // the in-process test transport has no peer address
    }

    @Test func aForgedOrReplayedDocumentIsRefusedAndAudited() async throws {
        let stranger = PolicySigningKey.generate(holder: KeyHolder(role: .chief, name: "Chief A. Example", organisation: "Elsewhere PD"))
        let forged = try SignedDocument.sign(
            TargetingAuthorization(id: "auth-9", serial: 1, units: ["unit-7"], site: .init(latitude: 0, longitude: 0, description: "x"),
                                   purpose: .routinePatrol, hotlists: [], notBefore: PolicyUnitFixture.start, expires: f.time(hoursFromStart: 1),
                                   approvingOfficial: ApprovingOfficial(key: stranger), issuedAt: PolicyUnitFixture.start),
            kind: .targetingAuthorization, key: stranger)
        let replayed = try f.revocationList(version: 1)
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/policy/documents", method: .post, body: try install(forged)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/policy/documents", method: .post, body: try install(replayed)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("version"))
            }
            try await client.execute(uri: "/api/policy/documents", method: .post, body: try install("eyJhbGciOiJub25lIn0.e30.")) { response in
                #expect(response.status == .badRequest)
            }
        }
        // The forged document and the garbage identify no one and come from one peer within a
        // window: the first is audited in full, the second counted. The replayed list is the
        // Chief's own document, so its refusal is audited one by one as before.
        let refused = f.auditEntries.suffix(2)
        #expect(refused.map(\.event) == ["policy.install-refused", "policy.install-refused"])
        #expect(refused.first.map { "\($0.outcome)" }?.contains("key") == true, "the forged one: \(String(describing: refused.first?.outcome))")
        await refusals.flushAll()
        let summary = try #require(f.auditEntries.last)
        #expect(summary.event == "policy.install-refused.summary")
        #expect(summary.object.hasPrefix("1 further refused request from unknown"))
        #expect(f.verifyAudit().isIntact)
        #expect(f.unit.deploymentGuard.captureDecision().isPermitted == false)
    }

    @Test func anApprovedSearchReturnsTheInScopeReadsAndARefusalSaysWhy() async throws {
        let approval = try f.approval(maxUses: 2)
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/search", method: .post, headers: Self.bearer("t-311"), body: try searchBody(plate: "ABC123", fromHours: -10, approval: approval)) { response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as! [String: Any]
                #expect(body["count"] as? Int == 1 && body["use"] as? Int == 1 && body["approvalID"] as? String == "search-1")
                let reads = body["reads"] as! [[String: Any]]
                #expect(reads.map { $0["plate"] as? String } == ["ABC123"])
            }
            try await client.execute(uri: "/api/search", method: .post, headers: Self.bearer("t-311"), body: try searchBody(plate: "XYZ999", approval: approval)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("outside search approval search-1"))
            }
            try await client.execute(uri: "/api/search", method: .post, headers: Self.bearer("t-311"), body: try searchBody(plate: nil, approval: approval)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("prohibited"))
            }
            try await client.execute(uri: "/api/search", method: .post, headers: Self.bearer("t-311"), body: try searchBody(plate: "ABC%", approval: approval)) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(f.auditEntries.suffix(5).map(\.event) == ["search.authorized", "search.completed", "search.denied", "search.denied", "search.denied"])
        #expect(f.auditEntries.last?.actor.id == "badge-311", "the malformed plate: an officer's attempt, audited under them")
        #expect(f.verifyAudit().isIntact)
        #expect(witness.calls == 1 && witness.allOnQueue, "the approved search read the store (and audited) on the policy queue")
    }

    @Test func statusNamesNoRequesterOrCase() async throws {
        try f.unit.install(token: try f.approval(), actor: AuditActor(id: "tech", organisation: ""), source: "test", document: "a")
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/policy/status", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("search-1") && text.contains("usable"))
                #expect(!text.contains("Det. C. Officer") && !text.contains("badge-311") && !text.contains("2026-0042"))
            }
        }
    }

    @Test func checkpointsCanBeFetchedToShipOffTheUnit() async throws {
        let token = try f.unit.audit.checkpoint(unitKey: f.unit.unitKey)
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/audit/checkpoints", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == token + "\n")
            }
        }
    }

    @Test func aSearchNeedsTheRequestersOwnBearerToken() async throws {
        let approval = try f.approval()
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/search", method: .post, body: try searchBody(plate: "ABC123", approval: approval)) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/search", method: .post, headers: Self.bearer("not-a-token"),
                                     body: try searchBody(plate: "ABC123", approval: approval)) { response in
                #expect(response.status == .unauthorized)
            }
            // Another officer holding a copy of badge-311's approval cannot use it.
            try await client.execute(uri: "/api/search", method: .post, headers: Self.bearer("t-999"),
                                     body: try searchBody(plate: "ABC123", approval: approval)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("badge-999"))
            }
        }
        #expect(!f.auditEntries.contains { $0.event == "search.completed" })
        let denied = try #require(f.auditEntries.last)
        #expect(denied.event == "search.denied" && denied.actor.id == "badge-999", "another officer's attempt with a copied approval is audited under them")
        #expect(f.auditEntries.filter { $0.event == "search.unauthenticated" }.count == 1, "the first unauthenticated attempt in full; the second is counted")
    }

    @Test func anOfficerLooksUpTheReadBehindAHitNoticeWithTheirTokenAndItIsLogged() async throws {
        let captured = f.time(hoursFromStart: -5).millisecondsSinceEpoch
        try f.files.createDirectory("/outbox", permissions: 0o755)
        try f.files.createDirectory("/outbox/notices", permissions: 0o755)
        let stored = #"{"sequence":3,"committedAtMillis":\#(captured + 40),"notice":{"id":"n-3","plate":"XYZ999","capturedAtMillis":\#(captured),"unit":"unit-7","hits":[]}}"#
        try f.files.writeFileAtomically("/outbox/notices/0000000000000003.json", Array(stored.utf8), permissions: 0o644)
        try await app().test(.router) { client in
            try await client.execute(uri: "/api/notices/n-3/read", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/notices/n-3/read", method: .get, headers: Self.bearer("t-999")) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains(#""plate":"XYZ999""#) && body.contains(#""notice":"n-3""#))
            }
            try await client.execute(uri: "/api/notices/n-404/read", method: .get, headers: Self.bearer("t-999")) { response in
                #expect(response.status == .badRequest)
            }
        }
        let lookups = f.auditEntries.filter { $0.event == "hit-notice.lookup" }
        #expect(lookups.map(\.actor.id) == ["badge-999", "badge-999"])
        #expect(lookups.first?.outcome == .allowed(resultCount: 1))
    }

    @Test func aLiveSearchRecordsThePeerAddress() async throws {
        let approval = try f.approval()
        try await app().test(.live) { client in
            try await client.execute(uri: "/api/search", method: .post, headers: Self.bearer("t-311"), body: try searchBody(plate: "ABC123", approval: approval)) { response in
                #expect(response.status == .ok)
            }
        }
        let done = f.auditEntries.last
        // The live harness binds "localhost": the peer is whichever loopback family it resolved to.
        #expect(done?.event == "search.completed" && done?.outcome == .allowed(resultCount: 2))
        #expect(["127.0.0.1", "::1"].contains(done?.source ?? ""), "peer address recorded: \(done?.source ?? "none")")
    }
}
