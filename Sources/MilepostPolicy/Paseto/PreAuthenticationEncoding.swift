/// PASETO's Pre-Authentication Encoding (PAE): the count of pieces, then each piece prefixed
/// by its length, all as 64-bit little-endian with the top bit clear. The signature covers
/// these bytes, so header, payload, footer and implicit assertion can never be re-split.
public enum PreAuthenticationEncoding {
    public static func encode(_ pieces: [[UInt8]]) -> [UInt8] {
        var out = le64(UInt64(pieces.count))
        for piece in pieces {
            out += le64(UInt64(piece.count))
            out += piece
        }
        return out
    }

    static func le64(_ value: UInt64) -> [UInt8] {
        let clear = value & 0x7FFF_FFFF_FFFF_FFFF
        return (0..<8).map { UInt8(truncatingIfNeeded: clear >> (8 * UInt64($0))) }
    }
}
