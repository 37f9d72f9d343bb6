import Foundation
import MilepostCore
import MilepostIngest
import MilepostIngestTesting
import MilepostPolicy
import MilepostTesting
import Testing
@testable import MilepostService
@testable import MilepostStorage

/// The uploader against a scripted department server, one round at a time.
@Suite struct ReadUploaderTests {
    @Test func batchesGoInSequenceOrderAndTheCursorFollowsEachAcknowledgement() async throws {
        let bench = try UploadBench()
        let sequences = try bench.append(12)
        let worker = try bench.worker(batchSize: 5)
        #expect(await worker.step() == 0)
        #expect(try bench.cursorOnDisk == sequences[4])
        #expect(await worker.step() == 0)
        #expect(await worker.step() == 5_000)  // a short batch: everything is uploaded
        #expect(await worker.step() == 5_000)  // nothing to send
        #expect(bench.server.posts.map { $0.reads.map(\.sequence) } == [Array(sequences[0..<5]), Array(sequences[5..<10]), Array(sequences[10...])])
        #expect(bench.server.stored.keys.sorted() == sequences)
        let fourth = try bench.store.read(sequence: sequences[3])
        #expect(bench.server.stored[sequences[3]]?.read == fourth.read)
        #expect(try bench.cursorOnDisk == sequences.last)
        #expect(bench.health.current.acknowledgedThrough == sequences.last)

        let later = try bench.append(2)
        #expect(await worker.step() == 5_000)
        #expect(bench.server.posts.last?.reads.map(\.sequence) == later)
    }

    @Test func aFailedPostLeavesTheCursorAndTheResendStoresNothingTwice() async throws {
        let bench = try UploadBench()
        let sequences = try bench.append(5)
        let worker = try bench.worker(batchSize: 5)
        bench.server.script([.storeThenDropAnswer, .unreachable, .status(503)])
        // Backoff from 1 s, doubling, at the middle of its jitter range: 750, 1500, 3000 ms.
        #expect(await worker.step() == 750)
        #expect(try bench.cursorOnDisk == 0)
        #expect(await worker.step() == 1_500)
        #expect(await worker.step() == 3_000)
        #expect(bench.health.current.consecutiveFailures == 3)
        #expect(bench.health.current.lastFailure?.contains("HTTP 503") == true)
        #expect(try bench.cursorOnDisk == 0)
        #expect(await worker.step() == 0)  // a full batch: more may wait
        #expect(try bench.cursorOnDisk == sequences.last)
        #expect(bench.health.current.consecutiveFailures == 0)
        // The same batch four times; the server holds each read once.
        #expect(bench.server.posts.count == 4)
        #expect(Set(bench.server.posts.map { $0.reads.map(\.read.readID) }).count == 1)
        #expect(bench.server.stored.keys.sorted() == sequences)
    }

    @Test func anAcknowledgementOutsideTheBatchIsRefusedAndAPartialOneResendsTheRest() async throws {
        let bench = try UploadBench()
        let sequences = try bench.append(5)
        let worker = try bench.worker(batchSize: 5)
        bench.server.script([.acknowledgeThrough(sequences.last! + 50), .acknowledgeThrough(sequences[0] - 1), .acknowledgeThrough(sequences[2])])
        #expect(await worker.step() == 750)
        #expect(bench.health.current.lastFailure?.contains("outside the batch") == true)
        #expect(await worker.step() == 1_500)
        #expect(try bench.cursorOnDisk == 0)
        #expect(await worker.step() == 0)  // acknowledged through the third: the rest goes at once
        #expect(try bench.cursorOnDisk == sequences[2])
        #expect(await worker.step() == 5_000)
        #expect(bench.server.posts.last?.reads.map(\.sequence) == Array(sequences[3...]))
        #expect(try bench.cursorOnDisk == sequences.last)
    }

    @Test func readsWhoseRecordsAreDamagedAreSkippedNotWaitedFor() async throws {
        let bench = try UploadBench()
        let sequences = try bench.append(4)
        for sequence in sequences.prefix(2) {
            let entry = try #require(bench.store.index.position(ofSequence: sequence).flatMap { bench.store.index.entry(at: $0) })
            bench.files.corrupt(StoreLayout.segmentPath("/store", Int(entry.segment)), at: Int(entry.offset) + Format.headerSize + 40, with: [0x5A])
        }
        let worker = try bench.worker(batchSize: 2)
        #expect(await worker.step() == 0)
        #expect(bench.server.posts.first?.reads.map(\.sequence) == Array(sequences[2...]))
        #expect(try bench.cursorOnDisk == sequences.last)
    }

    @Test func eachBatchIsSignedByTheUnitKeyForItsBody() async throws {
        let bench = try UploadBench()
        try bench.append(3)
        let recorder = SignatureRecorder(inner: bench.server)
        let worker = try bench.worker(transport: recorder)
        _ = await worker.step()
        let (body, signature) = try #require(recorder.posts.first)
        let registered = [bench.unitKey.id: bench.unitKey.publicKey]
        #expect(try BatchSignature.verify(signature, body: body, unitID: "unit-7", registered: { registered[$0] }).id == bench.unitKey.id)
        #expect(try ReadBatchCodec.decode(body).reads.count == 3)
    }

    /// The service on virtual time: while the server is down it retries only after each
    /// backoff, capture goes on storing, and once the server is back every read arrives once.
    @Test func theUploaderBacksOffWhileTheServerIsDownAndResumesWhenItReturns() async throws {
        let bench = try UploadBench()
        try bench.append(4)
        bench.server.script([], then: .unreachable)
        let uploader = ReadUploader(worker: try bench.worker(batchSize: 5), clock: bench.clock, logger: bench.logger)
        let running = Task { try await uploader.run() }
        func untilAsleep(afterPosts posts: Int) async throws {
            while bench.server.posts.count < posts || bench.clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
        }
        try await untilAsleep(afterPosts: 1)
        bench.clock.advance(milliseconds: 749)
        try await Task.sleep(for: .milliseconds(20))
        #expect(bench.server.posts.count == 1)  // still backing off
        bench.clock.advance(milliseconds: 1)
        try await untilAsleep(afterPosts: 2)
        try bench.append(6)  // capture goes on while the link is down
        bench.server.script([], then: .acknowledge)
        bench.clock.advance(milliseconds: 1_500)
        while bench.health.current.acknowledgedThrough < 4 { try await Task.sleep(for: .milliseconds(1)) }
        try await untilAsleep(afterPosts: 3)  // the batch taken while the link was down, then the interval
        bench.clock.advance(milliseconds: 5_000)
        while bench.health.current.acknowledgedThrough < 10 { try await Task.sleep(for: .milliseconds(1)) }
        running.cancel()
        try await running.value
        #expect(bench.server.stored.keys.sorted() == Array(1...10))
        #expect(bench.server.posts.map { $0.reads.map(\.sequence) } == [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [5, 6, 7, 8, 9], [10]])
        #expect(try bench.cursorOnDisk == 10)
    }
}

/// Passes posts through, keeping each body and signature header.
final class SignatureRecorder: ReadBatchTransport {
    let inner: any ReadBatchTransport
    private let recorded = Locked<[(body: [UInt8], signature: String)]>([])

    init(inner: any ReadBatchTransport) { self.inner = inner }

    var posts: [(body: [UInt8], signature: String)] { recorded.withLock { $0 } }

    func post(body: [UInt8], signature: String) async throws -> IngestAnswer {
        recorded.withLock { $0.append((body, signature)) }
        return try await inner.post(body: body, signature: signature)
    }
}
