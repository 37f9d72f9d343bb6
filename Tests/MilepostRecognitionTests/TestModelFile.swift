@testable import MilepostRecognition

/// Writes small weights files in the version-2 format (or version 1, without the reader's
/// contrast stretch byte), so loader tests can build valid
/// files and then break them one field at a time.
struct TestModelFile {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ".utf8)

    var version = 2
    var contrastClipPercent = 0
    var readerClasses = 36
    var readerInputWidth = 8
    var detectorOutputChannels = 3

    func bytes() -> [UInt8] {
        var payload: [UInt8] = [2]
        // detector: role 1, any input size, one 3x3 conv 1 -> channels, then head fields
        payload += [1] + u16(0) + u16(0) + u16(1) + u16(1)
        payload += conv(cin: 1, cout: detectorOutputChannels, k: 3, stride: 2, pad: 1, low: -128)
        payload += [8, 2, UInt8(bitPattern: -10)] + u32(UInt32(1 << 30)) + [0]
        // reader: role 2, input 4 x readerInputWidth, conv 4x1 collapsing height to 1 row
        payload += [2] + u16(4) + u16(readerInputWidth) + u16(1) + u16(1)
        payload += conv(cin: 1, cout: readerClasses, k: 4, kw: 1, stride: 1, pad: 0, low: -128)
        payload += [36, 35, UInt8(Self.alphabet.count)] + Self.alphabet
        for d in 0..<256 { payload += u32(UInt32(65536 >> min(d / 4, 16))) }
        if version >= 2 { payload += [UInt8(contrastClipPercent)] }
        var file = Array("MPWT".utf8) + u16(version) + u16(0) + u32(UInt32(payload.count)) + payload
        file += u32(CRC32.checksum(file[...]))
        return file
    }

    func conv(cin: Int, cout: Int, k: Int, kw: Int? = nil, stride: Int, pad: Int, low: Int8) -> [UInt8] {
        let kw = kw ?? k
        var out: [UInt8] = [1, UInt8(k), UInt8(kw), UInt8(stride), UInt8(stride), UInt8(pad), UInt8(pad)]
        out += u16(cin) + u16(cout) + [UInt8(bitPattern: low), 127]
        out += (0..<(cout * k * kw * cin)).map { UInt8(bitPattern: Int8(truncatingIfNeeded: $0 * 7 % 23 - 11)) }
        for oc in 0..<cout { out += u32(UInt32(bitPattern: Int32(oc * 10 - 100))) }
        for _ in 0..<cout { out += u32(UInt32(1 << 30)) }
        out += [UInt8](repeating: UInt8(bitPattern: -6), count: cout)
        return out
    }

    func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    func u32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(v >> (8 * UInt32($0)) & 0xFF) } }
}

/// Replaces the trailing checksum after a test edited the body on purpose.
func resealed(_ file: [UInt8]) -> [UInt8] {
    let body = Array(file.dropLast(4))
    let crc = CRC32.checksum(body[...])
    return body + (0..<4).map { UInt8(crc >> (8 * UInt32($0)) & 0xFF) }
}
