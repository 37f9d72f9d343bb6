import MilepostRecognition

/// A small PNG reader for the evaluation crops (openalpr-us-plates is PNG): 8-bit grey,
/// grey+alpha, RGB and RGBA, non-interlaced, converted to grey with the BT.601 luma weights
/// in integers. Not used on the per-frame path, which takes JPEG from the camera.
enum PNGGrey {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func decode(_ data: [UInt8]) throws -> GreyImage {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard data.count > 8, Array(data[0..<8]) == signature else { throw Failure(description: "not a PNG image") }
        var offset = 8
        var width = 0, height = 0, colorType = 0
        var idat: [UInt8] = []
        while offset + 8 <= data.count {
            let length = Int(be32(data, offset))
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let start = offset + 8
            guard length >= 0, start + length + 4 <= data.count else { throw Failure(description: "PNG chunk \(type) is truncated") }
            switch type {
            case "IHDR":
                width = Int(be32(data, start))
                height = Int(be32(data, start + 4))
                colorType = Int(data[start + 9])
                guard data[start + 8] == 8, data[start + 12] == 0 else {
                    throw Failure(description: "PNG: only 8-bit non-interlaced images are supported")
                }
                guard width > 0, height > 0, width <= 4096, height <= 4096 else {
                    throw Failure(description: "PNG: dimensions \(width)x\(height) refused")
                }
            case "IDAT": idat += data[start..<(start + length)]
            case "IEND": offset = data.count
            default: break
            }
            offset = start + length + 4
        }
        let channels: Int
        switch colorType {
        case 0: channels = 1
        case 2: channels = 3
        case 4: channels = 2
        case 6: channels = 4
        default: throw Failure(description: "PNG colour type \(colorType) is not supported")
        }
        guard idat.count > 2 else { throw Failure(description: "PNG has no image data") }
        let raw = try Inflate.decompress(Array(idat[2...]))
        let stride = width * channels
        guard raw.count >= height * (stride + 1) else { throw Failure(description: "PNG image data is truncated") }
        var previous = [UInt8](repeating: 0, count: stride)
        var grey = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            var row = Array(raw[(y * (stride + 1) + 1)..<((y + 1) * (stride + 1))])
            for i in 0..<stride {
                let a = i >= channels ? Int(row[i - channels]) : 0
                let b = Int(previous[i])
                let c = i >= channels ? Int(previous[i - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Failure(description: "PNG row \(y) has unknown filter \(filter)")
                }
                row[i] = UInt8(truncatingIfNeeded: Int(row[i]) + predictor)
            }
            for x in 0..<width {
                let p = x * channels
                if channels >= 3 {
                    let r: Int = 299 * Int(row[p])
                    let g: Int = 587 * Int(row[p + 1])
                    let b: Int = 114 * Int(row[p + 2])
                    grey[y * width + x] = UInt8((r + g + b + 500) / 1000)
                } else {
                    grey[y * width + x] = row[p]
                }
            }
            previous = row
        }
        return GreyImage(width: width, height: height, pixels: grey)
    }

    private static func be32(_ d: [UInt8], _ i: Int) -> UInt32 {
        UInt32(d[i]) << 24 | UInt32(d[i + 1]) << 16 | UInt32(d[i + 2]) << 8 | UInt32(d[i + 3])
    }
}

/// DEFLATE (RFC 1951) decompression: stored, fixed and dynamic Huffman blocks.
enum Inflate {
    private struct Bits {
        let data: [UInt8]
        var position = 0  // in bits

        mutating func read(_ count: Int) throws -> Int {
            var value = 0
            for i in 0..<count {
                let byte = position >> 3
                guard byte < data.count else { throw PNGGrey.Failure(description: "compressed data is truncated") }
                value |= Int((data[byte] >> UInt8(position & 7)) & 1) << i
                position += 1
            }
            return value
        }
    }

    /// Canonical Huffman table: counts per length and symbols in code order.
    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for l in 1..<16 { offsets[l] = offsets[l - 1] + counts[l - 1] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (s, l) in lengths.enumerated() where l > 0 {
                symbols[offsets[l]] = s
                offsets[l] += 1
            }
        }

        func decode(_ bits: inout Bits) throws -> Int {
            var code = 0, first = 0, index = 0
            for length in 1..<16 {
                code |= try bits.read(1)
                let count = counts[length]
                if code - count < first { return symbols[index + (code - first)] }
                index += count
                first = (first + count) << 1
                code <<= 1
            }
            throw PNGGrey.Failure(description: "invalid Huffman code")
        }
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static func decompress(_ data: [UInt8]) throws -> [UInt8] {
        var bits = Bits(data: data)
        var out: [UInt8] = []
        var last = 0
        while last == 0 {
            last = try bits.read(1)
            switch try bits.read(2) {
            case 0:
                bits.position = (bits.position + 7) & ~7
                let length = try bits.read(16)
                _ = try bits.read(16)
                let start = bits.position >> 3
                guard start + length <= data.count else { throw PNGGrey.Failure(description: "stored block is truncated") }
                out += data[start..<(start + length)]
                bits.position += length * 8
            case 1:
                var lengths = [Int](repeating: 8, count: 288)
                for i in 144..<256 { lengths[i] = 9 }
                for i in 256..<280 { lengths[i] = 7 }
                try inflateBlock(&bits, &out, Huffman(lengths: lengths), Huffman(lengths: [Int](repeating: 5, count: 30)))
            case 2:
                let hlit = try bits.read(5) + 257, hdist = try bits.read(5) + 1, hclen = try bits.read(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var codeLengths = [Int](repeating: 0, count: 19)
                for i in 0..<hclen { codeLengths[order[i]] = try bits.read(3) }
                let codeTable = Huffman(lengths: codeLengths)
                var lengths: [Int] = []
                while lengths.count < hlit + hdist {
                    let sym = try codeTable.decode(&bits)
                    switch sym {
                    case 0..<16: lengths.append(sym)
                    case 16:
                        guard let previous = lengths.last else { throw PNGGrey.Failure(description: "invalid code lengths") }
                        lengths += [Int](repeating: previous, count: 3 + (try bits.read(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try bits.read(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try bits.read(7)))
                    }
                }
                try inflateBlock(&bits, &out, Huffman(lengths: Array(lengths[0..<hlit])), Huffman(lengths: Array(lengths[hlit..<(hlit + hdist)])))
            default:
                throw PNGGrey.Failure(description: "invalid deflate block type")
            }
        }
        return out
    }

    private static func inflateBlock(_ bits: inout Bits, _ out: inout [UInt8], _ literals: Huffman, _ distances: Huffman) throws {
        while true {
            let sym = try literals.decode(&bits)
            if sym < 256 {
                out.append(UInt8(sym))
            } else if sym == 256 {
                return
            } else {
                let i = sym - 257
                guard i < lengthBase.count else { throw PNGGrey.Failure(description: "invalid length code") }
                let length = lengthBase[i] + (try bits.read(lengthExtra[i]))
                let d = try distances.decode(&bits)
                guard d < distBase.count else { throw PNGGrey.Failure(description: "invalid distance code") }
                let distance = distBase[d] + (try bits.read(distExtra[d]))
                guard distance <= out.count else { throw PNGGrey.Failure(description: "distance beyond output") }
                for _ in 0..<length { out.append(out[out.count - distance]) }
            }
        }
    }
}
