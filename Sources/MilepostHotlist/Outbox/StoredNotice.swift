import MilepostSystem

/// A notice as committed to the outbox: numbered in commit order so that officer clients
/// can resume from the last number they saw.
public struct StoredNotice: Codable, Sendable, Equatable {
    public var sequence: UInt64
    public var committedAtMillis: Int64
    public var notice: HitNotice

    public init(sequence: UInt64, committedAtMillis: Int64, notice: HitNotice) {
        self.sequence = sequence
        self.committedAtMillis = committedAtMillis
        self.notice = notice
    }
}

/// The delivery history of one notice to one webhook receiver.
public struct DeliveryRecord: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case pending
        case delivered
        /// Given up: older than the receiver's maximum age.
        case expired
    }

    public struct Attempt: Codable, Sendable, Equatable {
        public var number: Int
        public var atMillis: Int64
        public var succeeded: Bool
        public var httpStatus: Int?
        public var error: String?
        public var durationMillis: Int64
    }

    public var sequence: UInt64
    public var receiver: String
    public var state: State
    public var attempts: [Attempt]
    public var nextAttemptAtMillis: Int64

    public init(sequence: UInt64, receiver: String, nextAttemptAtMillis: Int64) {
        self.sequence = sequence
        self.receiver = receiver
        self.state = .pending
        self.attempts = []
        self.nextAttemptAtMillis = nextAttemptAtMillis
    }
}

public enum OutboxError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileSystem(FileError)
    case corrupt(file: String, reason: String)
    case unknownNotice(UInt64)
    /// Opened to read, but the directory (or its notices/ or deliveries/) does not exist.
    case missing(directory: String)

    public var description: String {
        switch self {
        case .fileSystem(let error): return "notice outbox: \(error)"
        case .corrupt(let file, let reason): return "notice outbox: \(file) is unreadable: \(reason)"
        case .unknownNotice(let sequence): return "notice outbox: no notice \(sequence)"
        case .missing(let directory): return "notice outbox: \(directory) does not exist"
        }
    }
}
