/// Plate text rules and the fixed 16-byte key the header and index use.
public enum PlateText {
    public static let maxLength = 16

    /// True for the characters a stored plate may contain.
    static func isAllowed(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-")
    }

    /// Why `text` is not a valid plate, or nil when it is.
    public static func problem(with text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return "is empty" }
        if bytes.count > maxLength { return "is \(bytes.count) characters long; at most \(maxLength) are stored" }
        if let bad = bytes.first(where: { !isAllowed($0) }) {
            return "contains \(String(decoding: [bad], as: UTF8.self).debugDescription); only A-Z, 0-9, space and - are allowed"
        }
        return nil
    }
}

/// A plate's bytes packed into 16 bytes (zero padded), hashable and cheap to compare.
struct PlateKey: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    init(_ text: String) { self.init(bytes: Array(text.utf8)) }

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
