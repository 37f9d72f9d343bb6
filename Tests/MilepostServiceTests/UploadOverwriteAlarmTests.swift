import Foundation
import MilepostCore
import MilepostIngestTesting
import MilepostPolicy
import Testing
@testable import MilepostService
@testable import MilepostStorage

/// While the server is unreachable, the waiting reads raise the alarm before the ring reaches
/// them; those it still overwrites are counted, audited and reported in the next batch.
@Suite struct UploadOverwriteAlarmTests {
    @Test func theRingRaisesTheAlarmFirstThenCountsAuditsAndReportsWhatItOverwrites() async throws {
        let bench = try UploadBench(segments: 4)
        let worker = try bench.worker(batchSize: 5)
        let monitor = UploadMonitor(server: "https://alpr.lpd.example.gov", store: bench.store, lane: bench.lane, health: bench.health)
        bench.server.script([], then: .unreachable)
        var appended = try bench.append(5).count
        _ = await worker.step()  // reads 1...5 are taken into a batch, which fails
        #expect(try await monitor.status().backlogAlarm == nil)

        while try await monitor.status().backlogAlarm == nil, appended < 200 {
            try bench.append(1)
            appended += 1
        }
        let alarmed = try await monitor.status()
        #expect(alarmed.backlogPercent >= 80 && alarmed.backlogPercent < 100)
        #expect(alarmed.backlogAlarm?.contains("overwrites the oldest") == true)
        #expect(bench.store.uploadBacklog().oldestWaitingSequence == 6)  // nothing overwritten yet
        #expect(bench.auditEntries.allSatisfy { $0.event != StoreUploadAudit.overwrittenType })

        try bench.append(30)
        appended += 30
        _ = await worker.step()
        let overwritten = bench.health.current.overwrittenBeforeUpload
        #expect(overwritten > 0)
        let entry = try #require(bench.auditEntries.last { $0.event == StoreUploadAudit.overwrittenType })
        #expect(entry.object == "reads 6...\(5 + overwritten)")
        guard case .recorded(let detail) = entry.outcome else { Issue.record("not recorded: \(entry.outcome)"); return }
        #expect(detail.contains("overwrote \(overwritten) read(s)"))
        #expect(try await monitor.status().overwrittenBeforeUpload == overwritten)

        bench.server.script([], then: .acknowledge)
        var rounds = 0
        while await worker.step() == 0, rounds < 100 { rounds += 1 }
        // Reads 1...5 were in the uploader's hands; every other read arrived or was reported.
        #expect(bench.server.stored.count + overwritten == appended)
        #expect(bench.server.overwrittenReported == UInt64(overwritten))
        #expect(bench.server.posts.first { $0.overwrittenBeforeUpload > 0 }?.firstSequence == UInt64(6 + overwritten))
        #expect(try await monitor.status().backlogAlarm == nil)
        #expect(try await monitor.status().waitingReads == 0)
    }
}
