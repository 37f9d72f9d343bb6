import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MilepostCore
import MilepostPolicy
import MilepostServer
import MilepostTesting
import Testing

@Suite struct EvidenceHoldRequestTests {
    static let start = UTCTime(millisecondsSinceEpoch: 1_795_000_000_000)

    static func request(unit: String? = "unit-7", plate: String? = nil, days: Int64 = 1, caseNumber: String = "2026-0415") -> EvidenceHoldRequest {
        EvidenceHoldRequest(caseNumber: caseNumber, reason: "burglary series", unit: unit, plate: plate, from: start,
                            to: start.adding(milliseconds: days * UTCTime.millisecondsPerDay))
    }

    @Test func aHoldNamesAUnitOrAPlateACaseAndAWindowOfAtMost31Days() throws {
        #expect(throws: EvidenceHoldError.invalidRequest(field: "unit", reason: "a hold names a unit, a plate or both; a hold on every unit's reads is not allowed")) {
            try Self.request(unit: nil).validated()
        }
        #expect(throws: EvidenceHoldError.invalidRequest(field: "caseNumber", reason: "a hold must name the case it keeps evidence for")) {
            try Self.request(caseNumber: "  ").validated()
        }
        let long = Self.request(days: 32)
        #expect(throws: EvidenceHoldError.invalidRequest(field: "to", reason: "the window \(long.from) to \(long.to) is longer than 31 days")) {
            try long.validated()
        }
        #expect(try Self.request(unit: nil, plate: "abc-1234").validated().plate == "ABC1234")
        #expect(throws: EvidenceHoldError.self) { try Self.request(plate: "ABC?234").validated() }
        #expect(throws: EvidenceHoldError.self) { try Self.request(unit: "unit 7").validated() }
    }
}

extension PostgresBackedTests {
    @Suite struct EvidenceHoldsOnTheServer {
        let unit7 = SimulatedUnit("unit-7")
        let unit8 = SimulatedUnit("unit-8")
        static let supervisor = AuditActor(id: "sgt-ruiz", organisation: "Leicester PD")

        /// 2026-11-18: unit-7 and unit-8 each read ABC1001...ABC1004, a second apart.
        func withStoredReads(_ body: @Sendable @escaping (DepartmentServer.Parts, EvidenceHolds, AuditLog, ManualWallClock) async throws -> Void) async throws {
            let directory = try TemporaryDirectory("server-holds")
            defer { directory.remove() }
            let (unit7, unit8) = (unit7, unit8)
            try await TestPostgres.withDatabase { database in
                let clock = ManualWallClock()
                let parts = DepartmentServer.Parts(database: database, clock: clock)
                _ = try await parts.ingestor.store(try unit7.batch(1...4))
                _ = try await parts.ingestor.store(try unit8.batch(1...4))
                let audit = try ServerAuditLog.open(directory: directory.path, clock: clock)
                try await body(parts, EvidenceHolds(database: database, audit: audit, clock: clock, pool: .forTests), audit, clock)
            }
        }

        /// The UTC day the stored reads were captured.
        static let day = (from: DayPartition(containing: ManualWallClock.defaultStart).start, to: DayPartition(containing: ManualWallClock.defaultStart).end)

        @Test func aHoldKeepsItsReadsPastRetentionUntilReleased() async throws {
            try await withStoredReads { parts, holds, audit, clock in
                let day = Self.day
                let hold = try await holds.place(EvidenceHoldRequest(caseNumber: "2026-0415", reason: "burglary series", unit: "unit-7", plate: "ABC1002",
                                                                     from: day.from, to: day.to),
                                                 by: Self.supervisor, source: "10.0.0.5")
                #expect(hold.reads == 1)
                #expect(try await holds.heldReads(hold.id) == 1)
                let placed = try #require(try audit.wholeEntries().first { $0.event == "hold.placed" })
                #expect(placed.caseNumber == "2026-0415")
                #expect(placed.outcome == .allowed(resultCount: 1))
                #expect(placed.object == "evidence hold \(hold.id) unit unit-7 plate ABC1002 \(day.from) to \(day.to)")

                // A year and a day on, retention drops the day; the held copy stays.
                clock.set(day.to.adding(milliseconds: 365 * UTCTime.millisecondsPerDay))
                let retention = PartitionRetention(database: parts.database, partitions: parts.partitions, audit: audit, retentionDays: 365,
                                                   clock: clock, pool: .forTests)
                #expect(try await retention.pass().map(\.reads) == [8])
                #expect(try await TestPostgres.count("SELECT count(*) FROM reads", in: parts.database) == 0)
                #expect(try await TestPostgres.count("SELECT count(*) FROM held_reads WHERE unit_id = 'unit-7' AND seq = 2 AND plate = 'ABC1002'",
                                                     in: parts.database) == 1)

                let released = try await holds.release(hold.id, by: Self.supervisor, source: "10.0.0.5")
                #expect(released.releasedBy == "sgt-ruiz")
                #expect(try await holds.heldReads(hold.id) == 0)
                #expect(try audit.wholeEntries().last?.event == "hold.released")
                await #expect(throws: EvidenceHoldError.alreadyReleased(hold.id.uuidString)) {
                    try await holds.release(hold.id, by: Self.supervisor, source: "10.0.0.5")
                }
                #expect(try audit.wholeEntries().last?.event == "hold.refused")
                #expect(try await holds.list().map(\.id) == [hold.id])
            }
        }

        @Test func aHoldOnAPlateKeepsItsReadsFromEveryUnitAndNothingElse() async throws {
            try await withStoredReads { parts, holds, _, clock in
                let day = Self.day
                let hold = try await holds.place(EvidenceHoldRequest(caseNumber: "2026-0415", reason: "hit and run", plate: "ABC1003",
                                                                     from: day.from, to: day.to),
                                                 by: Self.supervisor, source: "10.0.0.5")
                #expect(hold.reads == 2)
                #expect(try await TestPostgres.count("SELECT count(DISTINCT unit_id) FROM held_reads WHERE plate = 'ABC1003'", in: parts.database) == 2)
                #expect(try await TestPostgres.count("SELECT count(*) FROM held_reads WHERE plate <> 'ABC1003'", in: parts.database) == 0)
            }
        }

        @Test func theRoutesPlaceListAndReleaseAndNameWhatIsWrong() async throws {
            try await withStoredReads { _, holds, audit, clock in
                let router = Router()
                HoldRoutes<BasicRequestContext>(holds: holds, authorize: { request, _ in
                    guard request.headers[.authorization] == "Bearer supervisor" else { throw HTTPError(.forbidden, message: "supervisors only") }
                    return (Self.supervisor, "test")
                }).add(to: router)
                let day = Self.day
                let body = #"{"caseNumber": "2026-0415", "reason": "burglary series", "unit": "unit-8", "from": "\#(day.from)", "to": "\#(day.to)"}"#
                let headers: HTTPFields = [.authorization: "Bearer supervisor", .contentType: "application/json"]
                try await Application(router: router).test(.router) { client in
                    let refused = try await client.execute(uri: "/api/holds", method: .post, headers: [.contentType: "application/json"],
                                                           body: ByteBuffer(string: body))
                    #expect(refused.status == .forbidden)

                    let placed = try await client.execute(uri: "/api/holds", method: .post, headers: headers, body: ByteBuffer(string: body))
                    #expect(placed.status == .created)
                    let hold = try JSONDecoder().decode(EvidenceHold.self, from: Data(placed.body.readableBytesView))
                    #expect(hold.reads == 4)

                    let badTime = try await client.execute(uri: "/api/holds", method: .post, headers: headers,
                                                           body: ByteBuffer(string: body.replacingOccurrences(of: "\"from\": \"\(day.from)\"", with: "\"from\": \"yesterday\"")))
                    #expect(badTime.status == .badRequest)
                    #expect(String(buffer: badTime.body).contains("'from'"))

                    let listed = try await client.execute(uri: "/api/holds", method: .get, headers: headers)
                    #expect(try JSONDecoder().decode([EvidenceHold].self, from: Data(listed.body.readableBytesView)).map(\.id) == [hold.id])

                    let unknown = try await client.execute(uri: "/api/holds/\(UUID())/release", method: .post, headers: headers)
                    #expect(unknown.status == .notFound)
                    let released = try await client.execute(uri: "/api/holds/\(hold.id)/release", method: .post, headers: headers)
                    #expect(released.status == .ok)
                    let again = try await client.execute(uri: "/api/holds/\(hold.id)/release", method: .post, headers: headers)
                    #expect(again.status == .conflict)
                }
                #expect(try audit.wholeEntries().map(\.event) == ["hold.placed", "hold.refused", "hold.released", "hold.refused"])
            }
        }
    }
}
