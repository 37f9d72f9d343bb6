import Foundation
import Hummingbird
import HummingbirdTesting
import MilepostCore
import MilepostIngest
import MilepostServer
import MilepostTesting
import PostgresNIO
import Testing

extension PostgresBackedTests {
    @Suite struct Ingest {
        let unit7 = SimulatedUnit("unit-7")
        let unit8 = SimulatedUnit("unit-8")

        /// The server's routes on a fresh database with unit-7's and unit-8's keys registered.
        func withServer(_ body: @Sendable @escaping (DepartmentServer.Parts, any TestClientProtocol) async throws -> Void) async throws {
            let (unit7, unit8) = (unit7, unit8)
            try await TestServer.run { server, client in
                #expect(try await server.parts.keys.register(unit7.key.publicKey) == .registered)
                #expect(try await server.parts.keys.register(unit8.key.publicKey) == .registered)
                try await body(server.parts, client)
            }
        }

        static func acknowledgement(_ response: TestResponse) throws -> IngestAcknowledgement {
            try JSONDecoder().decode(IngestAcknowledgement.self, from: Data(response.body.readableBytesView))
        }

        static func storedReads(_ database: ServerDatabase) async throws -> Int64 {
            try await TestPostgres.count("SELECT count(*) FROM reads", in: database)
        }

        @Test func aBatchSentTwiceIsStoredOnce() async throws {
            let unit = unit7
            try await withServer { parts, client in
                let (body, signature) = try unit.signed(try unit.batch(101...103, overwrittenBeforeUpload: 2))
                let first = try await client.postBatch(body, signature: signature)
                #expect(first.status == .ok)
                #expect(try Self.acknowledgement(first) == IngestAcknowledgement(unitID: "unit-7", storedThrough: 103, newlyStored: 3))
                let again = try await client.postBatch(body, signature: signature)
                #expect(again.status == .ok)
                #expect(try Self.acknowledgement(again) == IngestAcknowledgement(unitID: "unit-7", storedThrough: 103, newlyStored: 0))

                // A resend that overlaps the stored reads and goes on past them stores only the new ones.
                let (overlapping, overlapSignature) = try unit.signed(try unit.batch(102...105))
                #expect(try Self.acknowledgement(try await client.postBatch(overlapping, signature: overlapSignature))
                    == IngestAcknowledgement(unitID: "unit-7", storedThrough: 105, newlyStored: 2))

                #expect(try await Self.storedReads(parts.database) == 5)
                #expect(try await TestPostgres.count("SELECT count(DISTINCT (unit_id, seq)) FROM reads", in: parts.database) == 5)
                #expect(try await TestPostgres.count(
                    "SELECT stored_reads * 1000000 + overwritten_before_upload * 1000 + stored_through FROM units WHERE unit_id = 'unit-7'",
                    in: parts.database) == 5_002_105)
            }
        }

        @Test func theReadIsStoredWithEveryField() async throws {
            let unit = unit7
            try await withServer { parts, client in
                let batch = try unit.batch(7...7, crop: Array(repeating: 0xAB, count: 10_240))
                let (body, signature) = try unit.signed(batch)
                #expect(try await client.postBatch(body, signature: signature).status == .ok)
                let read = batch.reads[0].read
                let rows = try await parts.database.client.query("""
                    SELECT read_id, (extract(epoch FROM captured_at) * 1000)::bigint, camera_id, plate, state, confidence::integer,
                           alternatives::text, box_width, authorization_id, crop, context IS NULL
                    FROM reads WHERE unit_id = 'unit-7' AND seq = 7
                    """)
                var found = 0
                for try await (id, time, camera, plate, state, confidence, alternatives, width, authorization, crop, noContext)
                    in rows.decode((UUID, Int64, String, String, String?, Int32, String, Int32, String, ByteBuffer, Bool).self) {
                    found += 1
                    #expect(id == read.readID)
                    #expect(time == read.captureTime.millisecondsSinceEpoch)
                    #expect(camera == "cam0")
                    #expect(plate == read.plate.description)
                    #expect(state == "MA")
                    #expect(confidence == 870)
                    #expect(alternatives.contains("\"confidence\": 120"))
                    #expect(width == 1)
                    #expect(authorization == "auth-1")
                    #expect(Array(buffer: crop) == read.crop)
                    #expect(noContext)
                }
                #expect(found == 1)
            }
        }

        @Test func anUnregisteredOrAnotherUnitsKeyIsRefusedAndNothingStored() async throws {
            let (unit, other) = (unit7, unit8)
            try await withServer { parts, client in
                let batch = try unit.batch(1...3)
                let stranger = SimulatedUnit("unit-7")  // the right name, but a key never registered
                let (body, strangerSignature) = try stranger.signed(batch)
                let unknown = try await client.postBatch(body, signature: strangerSignature)
                #expect(unknown.status == .forbidden)
                #expect(String(buffer: unknown.body).contains("not a registered unit key"))

                let (_, otherSignature) = try unit.signed(batch, by: other.key)
                let wrongUnit = try await client.postBatch(body, signature: otherSignature)
                #expect(wrongUnit.status == .forbidden)
                #expect(String(buffer: wrongUnit.body).contains("registered to unit unit-8"))

                let (_, signature) = try unit.signed(batch)
                let altered = try await client.postBatch(body + Array(" ".utf8), signature: signature)
                #expect(altered.status == .unauthorized)
                #expect(try await client.postBatch(body, signature: nil).status == .badRequest)

                #expect(try await Self.storedReads(parts.database) == 0)
                #expect(try await TestPostgres.count("SELECT count(*) FROM units", in: parts.database) == 0)
            }
        }

        @Test func aMalformedBatchIsRefusedNamingTheField() async throws {
            let unit = unit7
            try await withServer { parts, client in
                var text = String(decoding: ReadBatchCodec.encode(try unit.batch(1...2)), as: UTF8.self)
                text = text.replacingOccurrences(of: "\"confidence\":870", with: "\"confidence\":1870")
                let body = Array(text.utf8)
                let signature = try BatchSignature.header(for: body, unitID: "unit-7", unitKey: unit.key)
                let response = try await client.postBatch(body, signature: signature)
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("batch read 0 (seq 1) field 'confidence'"))
                #expect(try await Self.storedReads(parts.database) == 0)
            }
        }

        @Test func aSequenceReusedForAnotherReadIsRefusedAndNothingOfTheBatchStored() async throws {
            let unit = unit7
            try await withServer { parts, client in
                let (first, firstSignature) = try unit.signed(try unit.batch(1...3))
                #expect(try await client.postBatch(first, signature: firstSignature).status == .ok)
                // The unit's store restarted its numbering: seq 3 again, a day later, then seq 4.
                let (second, secondSignature) = try unit.signed(try unit.batch(3...4, from: ManualWallClock.defaultStart.adding(seconds: 86_400)))
                let response = try await client.postBatch(second, signature: secondSignature)
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("unit unit-7 seq 3 is already stored"))
                #expect(try await Self.storedReads(parts.database) == 3)
            }
        }

        @Test func readsLandInTheirDayPartitions() async throws {
            let unit = unit7
            try await withServer { parts, client in
                // 1...5 twelve hours apart from 2026-11-18T08:26:40Z: the 18th, 19th (two), 20th (two).
                let (body, signature) = try unit.signed(try unit.batch(1...5, spacing: 43_200_000))
                #expect(try await client.postBatch(body, signature: signature).status == .ok)
                #expect(try await parts.partitions.list().map(\.tableName) == ["reads_p20261118", "reads_p20261119", "reads_p20261120"])
                #expect(try await TestPostgres.count("SELECT count(*) FROM reads_p20261118", in: parts.database) == 1)
                #expect(try await TestPostgres.count("SELECT count(*) FROM reads_p20261119", in: parts.database) == 2)
                #expect(try await TestPostgres.count("SELECT count(*) FROM reads_p20261120", in: parts.database) == 2)
                #expect(try await TestPostgres.count("SELECT count(*) FROM ONLY reads", in: parts.database) == 0)
            }
        }

        @Test func ingestGoesOnAfterPostgresRestarts() async throws {
            let unit = unit7
            try await withServer { parts, client in
                let (first, firstSignature) = try unit.signed(try unit.batch(1...3))
                #expect(try await client.postBatch(first, signature: firstSignature).status == .ok)
                try TestPostgres.restart()
                let (second, secondSignature) = try unit.signed(try unit.batch(4...6))
                let response = try await client.postBatch(second, signature: secondSignature)
                #expect(response.status == .ok)
                #expect(try Self.acknowledgement(response) == IngestAcknowledgement(unitID: "unit-7", storedThrough: 6, newlyStored: 3))
                #expect(try await Self.storedReads(parts.database) == 6)
            }
        }

        @Test func healthNeedsNoToken() async throws {
            try await withServer { _, client in
                let response = try await client.execute(uri: "/health", method: .get)
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok")
            }
        }
    }
}
