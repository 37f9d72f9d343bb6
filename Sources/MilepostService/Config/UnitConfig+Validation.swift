extension UnitConfig {
    /// The range each number of unit.json must lie in, checked at load. The same ranges are
    /// listed in docs/installer-guide.md, "unit.json reference".
    public enum Limits {
        /// The read store is cut into four segments of at most 64 MiB, and each must hold the
        /// largest read (about 580 KiB): at least 4 MiB. At most 64 GiB, which the store
        /// preallocates as 1024 segment files.
        public static let storeCapacityBytes: ClosedRange<Int64> = (4 << 20)...(64 << 30)
        public static let retentionDays = 1...UnitConfig.maximumRetentionDays
        public static let httpPort = 1...65535
        /// Per mille.
        public static let minimumConfidence = 0...1000
        /// Ten seconds to a day.
        public static let auditCheckpointIntervalSeconds = 10...86_400
        /// A seal epoch of at least 16 entries (each close costs a key-file replacement) and at
        /// most 4096 (the most entries whoever takes the unit could still alter).
        public static let auditSealEveryEntries = 16...4096
        /// 1 turns the prior off.
        public static let plateFormatWeight = 1...100
        /// A pass of up to 8 frames: at 10 frames a second, most of a second of a vehicle.
        public static let burstFrames = 1...8
    }

    public func validate(path: String) throws(UnitConfigError) {
        func check<Number: Comparable>(_ field: CodingKeys, _ value: Number?, in range: ClosedRange<Number>) throws(UnitConfigError) {
            guard let value, !range.contains(value) else { return }
            throw .outOfRange(path: path, field: field.rawValue, value: "\(value)", range: "\(range)")
        }
        try check(.storeCapacityBytes, storeCapacityBytes, in: Limits.storeCapacityBytes)
        try check(.retentionDays, retentionDays, in: Limits.retentionDays)
        try check(.httpPort, httpPort, in: Limits.httpPort)
        try validateTransport(path: path)
        try check(.minimumConfidence, minimumConfidence, in: Limits.minimumConfidence)
        try check(.auditCheckpointIntervalSeconds, auditCheckpointIntervalSeconds, in: Limits.auditCheckpointIntervalSeconds)
        try check(.auditSealEveryEntries, auditSealEveryEntries, in: Limits.auditSealEveryEntries)
        try check(.plateFormatWeight, plateFormatWeight, in: Limits.plateFormatWeight)
        try check(.burstFrames, burstFrames, in: Limits.burstFrames)
        try WebhookReceiverSettings.validate(webhookReceivers ?? [], path: path)
        try server?.validate(path: path)
        if server != nil, let index = (webhookReceivers ?? []).firstIndex(where: { $0.name == ServerNoticeReceiver.name }) {
            throw .invalidField(path: path, field: "webhookReceivers[\(index)].name",
                                reason: "'\(ServerNoticeReceiver.name)' is the department server's receiver while a server section is present; choose another name")
        }
    }
}
