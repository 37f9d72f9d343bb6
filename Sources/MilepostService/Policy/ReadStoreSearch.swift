import Foundation
import MilepostPolicy
import MilepostStorage

/// `SearchableReads` over the power-loss-safe read ring.
///
/// The scope bounds the store query: the ring's in-memory index is asked for the reads of the
/// scope's plate and, separately, for the reads captured in its time range, and only the
/// smaller of the two candidate sets is read from disk. Each candidate is then checked against
/// the whole scope; one that falls outside it is dropped inside this type and never returned.
/// (The index answers one criterion at a time; a combined plate-and-time index query would
/// avoid loading the other criterion's misses at all.)
///
/// Stored plates may contain spaces and hyphens ("ABC 123"); search patterns never do (they are
/// normalised). The plate is therefore looked up with a pattern that allows any run between its
/// characters (`*A*B*C*1*2*3*`): a superset of the true matches, narrowed by the scope check.
public struct ReadStoreSearch: SearchableReads {
    let store: ReadStore

    public init(store: ReadStore) {
        self.store = store
    }

    public func reads(in scope: ReadScope) throws -> ScopedReads {
        guard scope.from <= scope.to else { return ScopedReads(reads: []) }
        let range = Timestamp(millisecondsSinceEpoch: scope.from.millisecondsSinceEpoch)...Timestamp(millisecondsSinceEpoch: scope.to.millisecondsSinceEpoch)
        var cursor = try store.query(.captured(range))
        if let plate = scope.plate {
            let byPlate = try store.query(.pattern(try Self.separatorTolerant(plate)))
            if byPlate.matchCount < cursor.matchCount { cursor = byPlate }
        }
        var found: [FoundRead] = []
        while let stored = cursor.next() {
            let read = stored.read
            let capturedAt = UTCTime(millisecondsSinceEpoch: read.captureTime.millisecondsSinceEpoch)
            guard scope.contains(plate: read.plate, capturedAt: capturedAt) else { continue }
            found.append(FoundRead(sequence: stored.sequence, capturedAt: capturedAt, plate: read.plate, confidence: Double(read.confidence),
                                   unit: read.unitID, camera: read.cameraID, authorizationID: read.authorizationID, plateCrop: Data(read.crop)))
        }
        return ScopedReads(reads: found, damaged: cursor.damaged.map { "\($0)" })
    }

    /// `ABC1?` → `*A*B*C*1*?*`: matches every stored spelling of the plates the pattern matches.
    static func separatorTolerant(_ plate: MilepostPolicy.PlatePattern) throws -> MilepostStorage.PlatePattern {
        var text = "*"
        for character in plate.text where character != "*" { text += String(character) + "*" }
        return try MilepostStorage.PlatePattern(text)
    }
}
