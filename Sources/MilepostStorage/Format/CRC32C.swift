/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as used by iSCSI, ext4 and
/// littlefs-style formats. Slicing-by-8 tables, built once.
///
/// Check value: `CRC32C.checksum("123456789")` is `0xE3069283`.
public enum CRC32C {
    static let polynomial: UInt32 = 0x82F6_3B78

    /// `tables[k][b]` is the CRC of byte `b` followed by `k` zero bytes.
    static let tables: [[UInt32]] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
            tables[0][byte] = crc
        }
        for byte in 0..<256 {
            for k in 1..<8 {
                let previous = tables[k - 1][byte]
                tables[k][byte] = (previous >> 8) ^ tables[0][Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The CRC of `bytes`.
    public static func checksum<Bytes: Collection>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        update(0, with: bytes)
    }

    /// Continues a CRC: `update(checksum(a), with: b) == checksum(a + b)`.
    public static func update<Bytes: Collection>(_ crc: UInt32, with bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable({ update(crc, buffer: UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return update(crc, buffer: Array(bytes))
    }

    static func update(_ crc: UInt32, buffer: [UInt8]) -> UInt32 {
        buffer.withUnsafeBytes { update(crc, buffer: $0) }
    }

    /// The eight tables flattened into one never-freed buffer, so the inner loop does no
    /// bounds checks or reference counting: entry `k * 256 + b` is `tables[k][b]`.
    nonisolated(unsafe) static let flat: UnsafePointer<UInt32> = {  // filled once before first use, then only read
        let pointer = UnsafeMutablePointer<UInt32>.allocate(capacity: 8 * 256)
        for k in 0..<8 {
            for b in 0..<256 { pointer[k * 256 + b] = tables[k][b] }
        }
        return UnsafePointer(pointer)
    }()

    static func update(_ crc: UInt32, buffer: UnsafeRawBufferPointer) -> UInt32 {
        var crc = ~crc
        guard var p = buffer.baseAddress else { return ~crc }
        var remaining = buffer.count
        let t = flat
        while remaining >= 8 {
            let word = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
            let low = UInt32(truncatingIfNeeded: word) ^ crc
            let high = UInt32(truncatingIfNeeded: word >> 32)
            crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
            p += 8
            remaining -= 8
        }
        while remaining > 0 {
            crc = (crc >> 8) ^ t[Int((crc ^ UInt32(p.load(as: UInt8.self))) & 0xFF)]
            p += 1
            remaining -= 1
        }
        return ~crc
    }
}
