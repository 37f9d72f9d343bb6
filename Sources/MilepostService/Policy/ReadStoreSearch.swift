import Foundation
import MilepostCore
import MilepostPolicy
import MilepostStorage

/// `SearchableReads` over the power-loss-safe read ring.
///
/// The scope bounds the store query: the ring's in-memory index is asked for the reads of the
/// scope's plate (or, for a search without a plate, for the reads captured in its time range),
/// and only those candidates are read from disk. Each candidate is then checked against the
/// whole scope; one that falls outside it is dropped inside this type and never returned. The
/// plate goes first because it is the selective criterion (a pattern has at least three known
/// characters), while the time index would list every read in the range, which over months
/// is millions of entries held in memory for one search. (The index answers one criterion at
/// a time; a combined plate-and-time index query would avoid loading reads of the plate
/// outside the time range.) Stored plates and search patterns are normalised alike, so the
/// scope's pattern is the store query itself.
public struct ReadStoreSearch: SearchableReads {
    let store: ReadStore
    let maximumReads: Int?

    /// A search in scope of more than `maximumReads` reads fails before it holds them all: the
    /// running unit answers searches in the process that captures, and a search over months of
    /// reads with their crops would take its memory. Nil (the stopped-unit CLI) means no limit.
    public init(store: ReadStore, maximumReads: Int? = nil) {
        self.store = store
        self.maximumReads = maximumReads
    }


    public func reads(in scope: ReadScope) throws -> ScopedReads {
        guard scope.from <= scope.to else { return ScopedReads(reads: []) }
        var cursor: ReadCursor
        if let plate = scope.plate {
            cursor = try store.query(.pattern(plate))
        } else {
            cursor = try store.query(.captured(scope.from...scope.to))
        }
        var found: [FoundRead] = []
        while let stored = cursor.next() {
            let read = stored.read
            let capturedAt = read.captureTime
            guard scope.contains(plate: read.plate, capturedAt: capturedAt) else { continue }
            if let maximumReads, found.count == maximumReads { throw SearchScopeTooLarge(limit: maximumReads) }
            found.append(FoundRead(sequence: stored.sequence, capturedAt: capturedAt, plate: read.plate, confidence: read.confidence.fraction,
                                   unit: read.unitID, camera: read.cameraID, authorizationID: read.authorizationID, plateCrop: Data(read.crop)))
        }
        return ScopedReads(reads: found, damaged: cursor.damaged.map { "\($0)" })
    }
}
