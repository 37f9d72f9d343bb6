import MilepostCore

/// The on-disk plate rule (STORAGE-SPEC.md): 1 to 16 bytes of A-Z, 0-9, space and hyphen that
/// normalise to a `PlateText`. The store writes plates normalised; a plate stored with
/// separators or the letter O is read back normalised, so it is indexed and found under its
/// normalised text.
enum StoredPlate {
    /// The plate field of a record header.
    static let fieldBytes = 16

    static func isAllowed(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-")
    }

    /// The normalised plate `bytes` spell, or why they break the on-disk rule.
    static func decode(_ bytes: some Collection<UInt8>) -> Result<PlateText, Problem> {
        if bytes.isEmpty { return .failure(Problem("is empty")) }
        if bytes.count > fieldBytes {
            return .failure(Problem("is \(bytes.count) characters long; at most \(fieldBytes) are stored"))
        }
        if let bad = bytes.first(where: { !isAllowed($0) }) {
            return .failure(Problem("contains \(String(decoding: [bad], as: UTF8.self).debugDescription); only A-Z, 0-9, space and - are allowed"))
        }
        do { return .success(try PlateText(normalizing: String(decoding: bytes, as: UTF8.self))) } catch {
            return .failure(Problem("is not a plate: \(error)"))
        }
    }

    /// Why `plate` cannot be stored, or nil: a stored read names every character.
    static func problem(with plate: PlateText) -> String? {
        plate.isPartial ? "'\(plate)' has an unknown character ('?'); a stored read names every character" : nil
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
