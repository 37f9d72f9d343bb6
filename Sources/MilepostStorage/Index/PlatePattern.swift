/// A plate pattern: `?` matches one character, `*` any run (including none).
public struct PlatePattern: Sendable, CustomStringConvertible {
    public let text: String
    private let bytes: [UInt8]

    public init(_ text: String) throws(StoreError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .invalidRead(field: "plate pattern", problem: "is empty") }
        guard bytes.count <= 64 else { throw .invalidRead(field: "plate pattern", problem: "is longer than 64 characters") }
        if let bad = bytes.first(where: { !PlateText.isAllowed($0) && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "*") }) {
            throw .invalidRead(
                field: "plate pattern",
                problem: "contains \(String(decoding: [bad], as: UTF8.self).debugDescription); only A-Z, 0-9, space, -, ? and * are allowed")
        }
        self.text = text
        self.bytes = bytes
    }

    public var description: String { text }

    /// Iterative wildcard match with single-star backtracking (linear in practice).
    func matches(_ plate: [UInt8]) -> Bool {
        var p = 0, s = 0
        var starP = -1, starS = 0
        let star = UInt8(ascii: "*"), any = UInt8(ascii: "?")
        while s < plate.count {
            if p < bytes.count && (bytes[p] == any || bytes[p] == plate[s]) {
                p += 1
                s += 1
            } else if p < bytes.count && bytes[p] == star {
                starP = p
                starS = s
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starS += 1
                s = starS
            } else {
                return false
            }
        }
        while p < bytes.count && bytes[p] == star { p += 1 }
        return p == bytes.count
    }
}
