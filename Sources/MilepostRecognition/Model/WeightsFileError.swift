/// Why a weights file was refused. Every case names what was wrong and where.
public enum WeightsFileError: Error, Equatable, CustomStringConvertible {
    case tooShort(size: Int)
    case badMagic
    case unsupportedVersion(Int)
    case lengthMismatch(declared: Int, actual: Int)
    case checksumMismatch(stored: UInt32, computed: UInt32)
    case truncated(offset: Int, field: String)
    case invalidField(offset: Int, field: String, reason: String)
    case missingNetwork(String)
    case shapeMismatch(network: String, layer: Int, reason: String)
    case trailingBytes(offset: Int)

    public var description: String {
        switch self {
        case .tooShort(let size): return "weights file is \(size) bytes, too short to hold a header and checksum"
        case .badMagic: return "not a Milepost weights file (magic is not MPWT)"
        case .unsupportedVersion(let v): return "weights file version \(v) is not supported (this build reads versions \(WeightsFile.readableVersions))"
        case .lengthMismatch(let d, let a): return "weights file declares \(d) payload bytes but holds \(a)"
        case .checksumMismatch(let s, let c):
            return "weights file checksum mismatch: stored CRC-32 \(hex(s)), computed \(hex(c)); the file is corrupt"
        case .truncated(let o, let f): return "weights file ends at byte \(o) while reading \(f)"
        case .invalidField(let o, let f, let r): return "weights file field \(f) at byte \(o): \(r)"
        case .missingNetwork(let n): return "weights file has no \(n) network"
        case .shapeMismatch(let n, let l, let r): return "\(n) network, layer \(l): \(r)"
        case .trailingBytes(let o): return "weights file has unexpected bytes after the last network, from byte \(o)"
        }
    }

    private func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
