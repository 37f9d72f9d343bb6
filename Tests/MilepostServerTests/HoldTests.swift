import Foundation
import HummingbirdTesting
import MilepostCore
import MilepostPolicy
import MilepostServer
import MilepostTesting
import NIOCore
import Testing

extension PostgresBackedTests {
    @Suite struct Holds {
        let unit = SimulatedUnit("unit-7")

        @Test func heldReadsOutliveRetentionAndTheHoldIsAudited() async throws {
            let unit = unit
            try await TestServer.run { server, client in
                _ = try await server.parts.keys.register(unit.key.publicKey)
                let batch = try unit.batch(1...5)
                let (body, signature) = try unit.signed(batch)
                #expect(try await client.postBatch(body, signature: signature).status == .ok)
                let supervisor = try await server.parts.tokens.issue(role: .supervisor, holderID: "sgt-4", name: "desk")

                let bySequence = try await client.execute("/api/holds", method: .post, token: supervisor,
                    body: #"{"caseNumber": "2026-0042", "reason": "court order 17", "unit": "unit-7", "fromSeq": 2, "toSeq": 3}"#)
                #expect(bySequence.status == .created)
                #expect(String(buffer: bySequence.body) == #"{"hold":1,"reads":2}"#)
                let read4 = try #require(batch.reads.first { $0.sequence == 4 }?.read)
                let byPlate = try await client.execute("/api/holds", method: .post, token: supervisor,
                    body: "{\"caseNumber\": \"2026-0042\", \"reason\": \"court order 17\", \"plate\": \"\(read4.plate)\", \"from\": \"\(read4.captureTime)\", \"to\": \"\(read4.captureTime)\"}")
                #expect(String(buffer: byPlate.body) == #"{"hold":2,"reads":1}"#)

                let placed = try server.entries("hold.placed")
                #expect(placed.map(\.object) == ["hold 1: unit-7 seq 2...3", "hold 2: plate \(read4.plate) captured \(read4.captureTime) to \(read4.captureTime)"])
                #expect(placed.first?.caseNumber == "2026-0042" && placed.first?.actor.id == "sgt-4")
                #expect(placed.first?.outcome == .recorded(detail: "2 reads copied to held_reads, kept apart from retention"))

                // A year and more later the day is dropped; the held reads stay, crops and all.
                let retention = PartitionRetention(database: server.parts.database, partitions: server.parts.partitions, audit: server.audit,
                                                   retentionDays: 365, clock: server.clock, pool: .forTests)
                server.clock.set(try #require(UTCTime(rfc3339: "2028-01-01T00:00:00Z")))
                #expect(try await retention.pass().map(\.reads) == [5])
                #expect(try await TestPostgres.count("SELECT count(*) FROM reads", in: server.parts.database) == 0)
                #expect(try await TestPostgres.count("SELECT count(*) FROM held_reads", in: server.parts.database) == 3)
                #expect(try await TestPostgres.count(
                    "SELECT count(*) FROM held_reads WHERE hold_id = 1 AND crop = \(ByteBuffer(bytes: batch.reads[1].read.crop))", in: server.parts.database) == 2)
            }
        }

        @Test func onlyASupervisorHoldsAndAMalformedHoldIsRefusedNamingTheField() async throws {
            try await TestServer.run { server, client in
                let searcher = try await server.parts.tokens.issue(role: .searcher, holderID: "badge-311", name: "laptop")
                let supervisor = try await server.parts.tokens.issue(role: .supervisor, holderID: "sgt-4", name: "desk")
                let body = #"{"caseNumber": "2026-0042", "reason": "court order 17", "unit": "unit-7", "fromSeq": 9, "toSeq": 3}"#
                #expect(try await client.execute("/api/holds", method: .post, token: searcher, body: body).status == .forbidden)
                let malformed = try await client.execute("/api/holds", method: .post, token: supervisor, body: body)
                #expect(malformed.status == .badRequest)
                #expect(String(buffer: malformed.body).contains("toSeq (3) is before fromSeq (9)"))
                #expect(try server.entries("hold.refused").map(\.outcome) == [.denied(reason: "toSeq (3) is before fromSeq (9)")])
                #expect(try server.entries("hold.placed").isEmpty)
            }
        }
    }
}
