/// What one presence event led to; the pipeline's counters and tests read it.
public enum CaptureOutcome: Sendable, Equatable {
    case refused(reason: String)
    case skippedByIlluminatorLimit
    case completed(CycleReport)
}

/// The result of a cycle that fired. A failure at one stage does not hide the others: a read
/// the store could not keep is still matched against the hotlists, so an officer still hears
/// of a hit while the flash is full.
public struct CycleReport: Sendable, Equatable {
    public var platesRead = 0
    public var readsStored = 0
    public var noticesCommitted = 0
    public var failures: [StageFailure] = []

    public init() {}
}

public struct StageFailure: Sendable, Equatable, CustomStringConvertible {
    public enum Stage: String, Sendable {
        case camera, recognition, store, hotlist
    }

    public var stage: Stage
    public var message: String

    public var description: String { "\(stage.rawValue): \(message)" }
}
