import MilepostHotlist

/// A unit's hit notice as the server keeps it: numbered by the server in the order notices were
/// stored (`sequence`, the notice stream's event id and the console's notice number), with the
/// unit's own outbox number beside it. Encoded, it has the `sequence` and `notice` fields of
/// the unit's stream events, so the same console page shows it.
public struct FleetNotice: Codable, Sendable, Equatable {
    public var sequence: Int64
    public var unitSequence: UInt64
    /// When the unit committed the notice to its outbox, Unix milliseconds.
    public var committedAtMillis: Int64
    /// When the server stored it.
    public var receivedAtMillis: Int64
    public var notice: HitNotice

    public init(sequence: Int64, unitSequence: UInt64, committedAtMillis: Int64, receivedAtMillis: Int64, notice: HitNotice) {
        self.sequence = sequence
        self.unitSequence = unitSequence
        self.committedAtMillis = committedAtMillis
        self.receivedAtMillis = receivedAtMillis
        self.notice = notice
    }
}

/// An officer's or supervisor's disposition of a unit's notice, as stored on the server.
public struct FleetDisposition: Codable, Sendable, Equatable {
    public var id: Int64
    public var sequence: Int64
    public var unit: String
    public var noticeID: String
    public var disposition: Disposition
    /// Who recorded it, as the access layer named them (`AuditActor.id`).
    public var officer: String
    public var organisation: String
    public var note: String
    public var atMillis: Int64
}
