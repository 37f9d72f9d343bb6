import MilepostCore
import MilepostServer
import MilepostTesting
import Testing

extension PostgresBackedTests {
    @Suite struct Benchmarks {
        @Test func theIngestBenchmarkStoresEveryReadOfEveryUnitOnce() async throws {
            try await TestPostgres.withDatabase { database in
                let parts = DepartmentServer.Parts(database: database, clock: ManualWallClock())
                let result = try await IngestBenchmark(units: 3, readsPerUnit: 7, batchSize: 3, cropBytes: 300)
                    .run(parts: parts, logger: TestPostgres.logger)
                #expect(result.reads == 21)
                #expect(try await TestPostgres.count("SELECT count(DISTINCT (unit_id, seq)) FROM reads", in: database) == 21)
                #expect(try await TestPostgres.count("SELECT min(octet_length(crop)) FROM reads", in: database) == 300)
            }
        }

        @Test func thePartitionDropBenchmarkFillsAnExpiredDayAndDropsItAudited() async throws {
            let directory = try TemporaryDirectory("server-partition-drop-bench")
            defer { directory.remove() }
            try await TestPostgres.withDatabase { database in
                let clock = ManualWallClock()  // 2026-11-18T08:26:40Z
                let parts = DepartmentServer.Parts(database: database, clock: clock)
                let audit = try ServerAuditLog.open(directory: directory.path, clock: clock)
                let result = try await PartitionDropBenchmark(units: 2, readsPerUnit: 5, cropBytes: 100)
                    .run(parts: parts, audit: audit, pool: .forTests, clock: clock, logger: TestPostgres.logger)
                // 400 days before 2026-11-18.
                #expect(result.partition.tableName == "reads_p20251014")
                #expect(result.bytes > 0)
                #expect(result.drops == [PartitionRetention.Drop(partition: result.partition, reads: 10)])
                #expect(try await parts.partitions.list().isEmpty)
                #expect(try audit.wholeEntries().filter { $0.event == "retention.partition-dropped" }.map(\.object) == ["reads_p20251014"])
            }
        }
    }
}
