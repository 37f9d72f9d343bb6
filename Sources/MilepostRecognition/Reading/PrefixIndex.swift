/// Where each packed prefix sits in one step's list of beams: open addressing with a
/// multiplicative hash, emptied in O(1) between steps by a generation stamp. The beam search
/// asks it hundreds of times per time step, where a `Dictionary`'s seeded SipHash dominated.
struct PrefixIndex {
    private var keys: [UInt64]
    private var positions: [Int32]
    private var stamps: [UInt32]
    private var stamp: UInt32 = 1
    private let shift: UInt64

    /// Room for `capacity` prefixes at a load factor of at most one half.
    init(capacity: Int) {
        var bits = 4
        while (1 << bits) < 2 * capacity { bits += 1 }
        keys = [UInt64](repeating: 0, count: 1 << bits)
        positions = [Int32](repeating: 0, count: 1 << bits)
        stamps = [UInt32](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    mutating func removeAll() {
        stamp &+= 1
        if stamp == 0 {  // wrapped: old stamps could look current
            for i in stamps.indices { stamps[i] = 0 }
            stamp = 1
        }
    }

    /// The position stored for `key`, or nil after storing `position` for it.
    mutating func position(of key: UInt64, orInsert position: Int) -> Int? {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while stamps[slot] == stamp {
            if keys[slot] == key { return Int(positions[slot]) }
            slot = (slot + 1) & mask
        }
        stamps[slot] = stamp
        keys[slot] = key
        positions[slot] = Int32(position)
        return nil
    }
}
