/// Limits a unit applies on top of what the signatures say. Configurable per department.
public struct PolicyLimits: Sendable, Equatable {
    /// Longest not-before-to-expiry span accepted for a targeting authorization.
    public var maximumAuthorizationSpanSeconds: Int64
    /// How far the clock may read behind the persisted time floor (NTP steps, RTC drift) before
    /// capture and searches stop. Also how far in the future an issued-at may lie.
    public var clockLeewaySeconds: Int64
    /// Entries after which the audit log closes its seal epoch on its own, between checkpoints.
    public var auditSealEveryEntries: Int

    public init(maximumAuthorizationSpanSeconds: Int64 = 30 * 86_400, clockLeewaySeconds: Int64 = 120,
                auditSealEveryEntries: Int = AuditLog.defaultSealEveryEntries) {
        self.maximumAuthorizationSpanSeconds = maximumAuthorizationSpanSeconds
        self.clockLeewaySeconds = clockLeewaySeconds
        self.auditSealEveryEntries = auditSealEveryEntries
    }

    public static let `default` = PolicyLimits()
}
