import MilepostCore

/// A plate's bytes packed into 16 bytes (zero padded), hashable and cheap to compare.
struct PlateKey: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    init(_ plate: PlateText) { self.init(bytes: plate.characters) }

    init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        var high: UInt64 = 0, low: UInt64 = 0
        for (i, byte) in bytes.prefix(16).enumerated() {
            if i < 8 { high |= UInt64(byte) << (8 * (7 - i)) } else { low |= UInt64(byte) << (8 * (15 - i)) }
        }
        self.high = high
        self.low = low
    }

    var bytes: [UInt8] {
        var result: [UInt8] = []
        for i in 0..<16 {
            let byte = i < 8 ? UInt8(truncatingIfNeeded: high >> (8 * (7 - i))) : UInt8(truncatingIfNeeded: low >> (8 * (15 - i)))
            if byte == 0 { break }
            result.append(byte)
        }
        return result
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
