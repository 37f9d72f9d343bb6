import Foundation
import MilepostCore
import MilepostIngest

/// A department server for the uploader's tests: it decodes every batch posted, stores each
/// read once by sequence, and answers as scripted: acknowledging, or failing the way a link or
/// a server fails (no answer, an HTTP error, a wrong acknowledgement).
public final class ScriptedIngestServer: ReadBatchTransport {
    public enum Answer: Sendable {
        /// Store the batch and acknowledge its last sequence.
        case acknowledge
        /// Store the batch and acknowledge this sequence instead (a wrong or partial answer).
        case acknowledgeThrough(UInt64)
        /// Store the batch, then lose the answer (the link fails on the way back).
        case storeThenDropAnswer
        /// No answer: the server is unreachable. Nothing is stored.
        case unreachable
        /// This HTTP status with an error body. Nothing is stored.
        case status(Int)
    }

    public struct Unreachable: Error, CustomStringConvertible {
        public var description: String { "connection refused (scripted)" }
    }

    private struct State {
        var script: [Answer] = []
        var whenScriptEmpty: Answer = .acknowledge
        var posts: [ReadBatch] = []
        var stored: [UInt64: SequencedRead] = [:]
        /// `overwrittenBeforeUpload` by the first sequence of the batch that carried it.
        var overwrittenByBatch: [UInt64: UInt64] = [:]
    }

    private let state = Locked(State())

    public init() {}

    /// Answers the next posts with `answers`, in order; afterwards with `then`.
    public func script(_ answers: [Answer], then: Answer = .acknowledge) {
        state.withLock {
            $0.script = answers
            $0.whenScriptEmpty = then
        }
    }

    /// Every batch posted, answered or not, in order.
    public var posts: [ReadBatch] { state.withLock { $0.posts } }
    /// The reads stored, by sequence: each once, however often it was sent.
    public var stored: [UInt64: SequencedRead] { state.withLock { $0.stored } }
    /// The sum of `overwrittenBeforeUpload` over the batches stored, each batch counted once
    /// however often it was sent (docs/server-ingest.md).
    public var overwrittenReported: UInt64 { state.withLock { $0.overwrittenByBatch.values.reduce(0, +) } }

    public func post(body: [UInt8], signature: String) async throws -> IngestAnswer {
        let batch = try ReadBatchCodec.decode(body)
        let answer = state.withLock { state -> Answer in
            state.posts.append(batch)
            return state.script.isEmpty ? state.whenScriptEmpty : state.script.removeFirst()
        }
        func store() {
            state.withLock { state in
                for read in batch.reads where state.stored[read.sequence] == nil { state.stored[read.sequence] = read }
                if let first = batch.firstSequence { state.overwrittenByBatch[first] = batch.overwrittenBeforeUpload }
            }
        }
        switch answer {
        case .unreachable:
            throw Unreachable()
        case .status(let code):
            return IngestAnswer(status: code, body: Array("{\"error\":\"scripted \(code)\"}".utf8))
        case .storeThenDropAnswer:
            store()
            throw Unreachable()
        case .acknowledge:
            store()
            return acknowledgement(batch, through: batch.lastSequence ?? 0)
        case .acknowledgeThrough(let sequence):
            store()
            return acknowledgement(batch, through: sequence)
        }
    }

    private func acknowledgement(_ batch: ReadBatch, through sequence: UInt64) -> IngestAnswer {
        let body = try? JSONEncoder().encode(IngestAcknowledgement(unitID: batch.unitID, storedThrough: sequence, newlyStored: batch.reads.count))
        return IngestAnswer(status: 200, body: Array(body ?? Data()))
    }
}
