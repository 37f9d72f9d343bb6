import MilepostCore

/// What one presence event led to; the pipeline's counters and tests read it.
public enum CaptureOutcome: Sendable, Equatable {
    case refused(reason: String)
    case skippedByIlluminatorLimit
    case completed(CycleReport)
}

/// What the capture half of a presence event led to.
public enum PassCapture: Sendable {
    case refused(reason: String)
    case skippedByIlluminatorLimit
    /// The camera failed before any frame was captured.
    case failed(CycleReport)
    case captured(CapturedPass)
}

/// A burst's frames on their way to recognition, with the authorization they were captured
/// under.
public struct CapturedPass: Sendable {
    public var frames: [CapturedFrame]
    public var scope: HitScope
    /// A camera failure that cut the burst short.
    public var captureFailures: [StageFailure]
}

/// The result of a cycle that fired. A failure at one stage does not hide the others: a read
/// the store could not keep is still matched against the hotlists, so an officer still hears
/// of a hit while the flash is full.
public struct CycleReport: Sendable, Equatable {
    public var framesCaptured = 0
    public var platesRead = 0
    public var readsStored = 0
    public var noticesCommitted = 0
    public var failures: [StageFailure] = []
    /// Each plate of the pass, as the log line names it.
    public var plates: [Plate] = []

    public init() {}

    public struct Plate: Sendable, Equatable, CustomStringConvertible {
        public var plate: String
        public var confidence: Int
        public var agreement: PassAgreement?
        public var stored = false
        public var notices = 0

        /// `ABC1234 confidence=870 agreed=3/3 stored notices=1`.
        public var description: String {
            var text = "\(plate) confidence=\(confidence)"
            if let agreement { text += " agreed=\(agreement.framesAgreed)/\(agreement.framesRead)" }
            text += stored ? " stored" : " not-stored"
            return text + " notices=\(notices)"
        }
    }

    /// The pass as one log line's fields: frames, plates (each as above, `;`-separated),
    /// stored, notices and any failing stage.
    public var logMetadata: [String: String] {
        var fields = ["frames": "\(framesCaptured)", "plates": plates.isEmpty ? "none" : plates.map(\.description).joined(separator: "; "),
                      "stored": "\(readsStored)", "notices": "\(noticesCommitted)"]
        if !failures.isEmpty { fields["failed"] = failures.map(\.description).joined(separator: "; ") }
        return fields
    }
}

public struct StageFailure: Sendable, Equatable, CustomStringConvertible {
    public enum Stage: String, Sendable {
        case camera, recognition, store, hotlist
    }

    public var stage: Stage
    public var message: String

    public var description: String { "\(stage.rawValue): \(message)" }
}
