import Foundation
import HTTPTypes
import HummingbirdTesting
import MilepostCore
import MilepostIngest
import MilepostPolicy
@testable import MilepostServer
import MilepostTesting
import Testing

@Suite struct ReadSearchSQLTests {
    @Test func aPatternPrefixBoundsTheIndexRange() {
        #expect(ReadSearchSQL.prefixEnd("AB") == "AC")
        #expect(ReadSearchSQL.prefixEnd("A9") == "AA")
        #expect(ReadSearchSQL.prefixEnd("AZ") == "B")
        #expect(ReadSearchSQL.prefixEnd("ZZ") == nil)
    }
}

@Suite struct ServerPolicyTests {
    @Test func aPolicyDirectoryWithoutTheChiefsKeyIsNamedAtStart() throws {
        let directory = try TemporaryDirectory("server-policy")
        defer { directory.remove() }
        let audit = try ServerAuditLog.open(directory: directory.appending("audit"), clock: ManualWallClock())
        let policy = directory.appending("policy")
        do {
            _ = try ServerPolicy(directory: policy, audit: audit, clock: ManualWallClock())
            Issue.record("a policy directory without chief.pub was accepted")
        } catch let error as ServerError {
            #expect(error.description.hasPrefix("cannot use policyDirectory \(policy) (server.json): "))
            #expect(error.description.contains("chief.pub"))
        }
    }
}

extension PostgresBackedTests {
    /// Three units send their reads; a searcher searches across units under an approval.
    @Suite struct Search {
        let units = [SimulatedUnit("unit-7"), SimulatedUnit("unit-8"), SimulatedUnit("unit-9")]
        let chief = TestChief()
        static let start = ManualWallClock.defaultStart

        /// The server with each unit's reads 1...12 stored (plates ABC1001..., captured a
        /// second apart from `start`), and a searcher token for badge-311.
        func withFleet(_ body: @Sendable @escaping (TestServer, any TestClientProtocol, [ReadBatch], String) async throws -> Void) async throws {
            let (units, chief) = (units, chief)
            try await TestServer.run(policy: { directory, audit, clock in
                try chief.policyDirectory(directory, now: clock.now())
                return try ServerPolicy(directory: directory, audit: audit, clock: clock)
            }) { server, client in
                var batches: [ReadBatch] = []
                for unit in units {
                    _ = try await server.parts.keys.register(unit.key.publicKey)
                    let batch = try unit.batch(1...12, from: Self.start)
                    let (body, signature) = try unit.signed(batch)
                    #expect(try await client.postBatch(body, signature: signature).status == .ok)
                    batches.append(batch)
                }
                let token = try await server.parts.tokens.issue(role: .searcher, holderID: "badge-311", name: "laptop")
                try await body(server, client, batches, token)
            }
        }

        static func searchBody(approval: String, plate: String?, from: UTCTime, to: UTCTime, format: String = "jsonl",
                               caseNumber: String = TestChief.caseNumber) -> String {
            let plateField = plate.map { "\"plate\": \"\($0)\", " } ?? ""
            return "{\"approval\": \"\(approval)\", \"caseNumber\": \"\(caseNumber)\", \"purpose\": \"\(TestChief.purpose)\", \(plateField)"
                + "\"from\": \"\(from)\", \"to\": \"\(to)\", \"format\": \"\(format)\"}"
        }

        /// The stored reads a search should return, worked out from the batches sent.
        static func expected(_ batches: [ReadBatch], units: Set<String>, pattern: String, from: UTCTime, to: UTCTime) throws -> [(String, UInt64)] {
            let plate = try PlatePattern(pattern)
            return batches.flatMap { batch in batch.reads.map { (batch.unitID, $0) } }
                .filter { units.contains($0.0.rawValue) && plate.matches($0.1.read.plate) && $0.1.read.captureTime >= from && $0.1.read.captureTime <= to }
                .sorted { ($0.1.read.captureTime, $0.0.rawValue, $0.1.sequence) < ($1.1.read.captureTime, $1.0.rawValue, $1.1.sequence) }
                .map { ($0.0.rawValue, $0.1.sequence) }
        }

        @Test func anApprovedCrossUnitSearchStreamsExactlyTheInScopeReads() async throws {
            let chief = chief
            try await withFleet { server, client, batches, token in
                let now = server.clock.now()
                let approval = try chief.searchApproval(units: ["unit-7", "unit-8"], plate: "ABC10*", from: Self.start, to: Self.start.adding(seconds: 60), now: now)
                let from = Self.start.adding(seconds: 3), to = Self.start.adding(seconds: 7)
                let response = try await client.execute("/api/search", method: .post, token: token,
                                                        body: Self.searchBody(approval: approval, plate: "ABC100?", from: from, to: to))
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/jsonl; charset=utf-8")
                let lines = String(buffer: response.body).split(separator: "\n")
                let reads = try lines.map { try JSONDecoder().decode(ServerFoundRead.self, from: Data($0.utf8)) }
                let wanted = try Self.expected(batches, units: ["unit-7", "unit-8"], pattern: "ABC100?", from: from, to: to)
                #expect(!wanted.isEmpty)
                #expect(reads.map { "\($0.unit)/\($0.seq)" } == wanted.map { "\($0.0)/\($0.1)" })
                #expect(reads.allSatisfy { $0.unit != "unit-9" })
                let first = try #require(batches[0].reads.first { $0.sequence == UInt64(reads[0].seq) }?.read)
                #expect(reads[0] == ServerFoundRead(unit: "unit-7", seq: 3, capturedAt: first.captureTime, plate: first.plate.description, state: "MA",
                                                    confidence: 870, camera: first.cameraID.rawValue, authorization: first.authorizationID,
                                                    readID: first.readID.uuidString.lowercased()))

                // The same search as CSV: a header line, then the same reads.
                let csv = try await client.execute("/api/search", method: .post, token: token,
                                                   body: Self.searchBody(approval: approval, plate: "ABC100?", from: from, to: to, format: "csv"))
                #expect(csv.status == .ok)
                let rows = String(buffer: csv.body).split(separator: "\r\n")
                #expect(rows.first == "unit,seq,capturedAt,plate,state,confidence,camera,authorization,readID")
                #expect(rows.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: "/") } == wanted.map { "\($0.0)/\($0.1)" })

                let authorized = try server.entries("search.authorized")
                #expect(authorized.map(\.actor.id) == ["badge-311", "badge-311"])
                let completed = try server.entries("search.completed")
                #expect(completed.map(\.outcome) == [.allowed(resultCount: wanted.count), .allowed(resultCount: wanted.count)])
                #expect(completed.first?.caseNumber == TestChief.caseNumber && completed.first?.approvalID == "search-1")
            }
        }

        @Test func anOutOfScopeSearchIsRefusedAndAudited() async throws {
            let chief = chief
            try await withFleet { server, client, _, token in
                let now = server.clock.now()
                let approval = try chief.searchApproval(units: ["unit-7"], plate: "ABC10*", from: Self.start, to: Self.start.adding(seconds: 60), now: now)
                // A plate outside the approval's scope.
                let plate = try await client.execute("/api/search", method: .post, token: token,
                                                     body: Self.searchBody(approval: approval, plate: "XYZ123", from: Self.start, to: Self.start.adding(seconds: 60)))
                #expect(plate.status == .forbidden)
                #expect(String(buffer: plate.body).contains("outside search approval search-1 scope plate ABC10*"))
                // A time outside it.
                let time = try await client.execute("/api/search", method: .post, token: token,
                                                    body: Self.searchBody(approval: approval, plate: "ABC1001", from: Self.start, to: Self.start.adding(seconds: 3600)))
                #expect(time.status == .forbidden)
                // Another case.
                let otherCase = try await client.execute("/api/search", method: .post, token: token,
                                                         body: Self.searchBody(approval: approval, plate: "ABC1001", from: Self.start, to: Self.start.adding(seconds: 60),
                                                                               caseNumber: "2026-0099"))
                #expect(otherCase.status == .forbidden)
                // Someone else's approval: the token's holder is not its requester.
                let others = try chief.searchApproval(id: "search-2", requester: "badge-999", units: ["unit-7"], plate: "ABC10*", from: Self.start,
                                                      to: Self.start.adding(seconds: 60), now: now)
                let notTheirs = try await client.execute("/api/search", method: .post, token: token,
                                                         body: Self.searchBody(approval: others, plate: "ABC1001", from: Self.start, to: Self.start.adding(seconds: 60)))
                #expect(notTheirs.status == .forbidden)

                let denied = try server.entries("search.denied")
                #expect(denied.count == 4)
                #expect(denied.allSatisfy { $0.actor.id == "badge-311" })
                #expect(try server.entries("search.authorized").isEmpty)
                #expect(try server.entries("search.completed").isEmpty)
                #expect(try server.policy!.searchUses.uses(of: "search-1") == 0)
            }
        }

        @Test func aCropIsFetchedOnlyUnderTheApprovalAndAudited() async throws {
            let chief = chief
            try await withFleet { server, client, batches, token in
                let now = server.clock.now()
                let approval = try chief.searchApproval(units: ["unit-7", "unit-8"], plate: "ABC10*", from: Self.start, to: Self.start.adding(seconds: 60), now: now)
                let headers: HTTPFields = [SearchRoutes.approvalHeader: approval, SearchRoutes.caseNumberHeader: TestChief.caseNumber]
                let crop = try await client.execute("/api/reads/unit-8/4/crop", method: .get, token: token, headers: headers)
                #expect(crop.status == .ok)
                #expect(crop.headers[.contentType] == "image/jpeg")
                #expect(Array(buffer: crop.body) == batches[1].reads.first { $0.sequence == 4 }?.read.crop)

                // unit-9 is not covered by the approval.
                #expect(try await client.execute("/api/reads/unit-9/4/crop", method: .get, token: token, headers: headers).status == .forbidden)
                // Without the approval.
                #expect(try await client.execute("/api/reads/unit-8/4/crop", method: .get, token: token).status == .badRequest)
                // A read that is not stored.
                #expect(try await client.execute("/api/reads/unit-8/400/crop", method: .get, token: token, headers: headers).status == .notFound)

                let audited = try server.entries("search.crop")
                #expect(audited.map(\.outcome.isAllowed) == [true, false, false, false])
                #expect(audited.first?.object == "crop of unit-8 seq 4" && audited.first?.approvalID == "search-1")
                // Fetching crops counts no use of the approval.
                #expect(try server.policy!.searchUses.uses(of: "search-1") == 0)
            }
        }
    }
}

extension AuditOutcome {
    var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }
}
