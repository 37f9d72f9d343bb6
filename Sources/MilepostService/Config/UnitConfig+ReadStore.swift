import MilepostStorage

extension UnitConfig {
    /// The read store's settings in the unit's state directory. The unit and `milepost search`
    /// both open the store with these: a store is refused when opened with another segment size.
    public func readStoreConfiguration(in layout: UnitStateLayout) -> StoreConfiguration {
        StoreConfiguration(directory: layout.reads, capacityBytes: storeCapacityBytes,
                           segmentSize: min(64 << 20, storeCapacityBytes / 4), retentionDays: retentionDays)
    }
}
