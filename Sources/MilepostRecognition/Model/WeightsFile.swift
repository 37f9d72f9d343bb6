/// The weights file (`.mpw`), version 2 (version 1, without the reader's contrast stretch
/// byte, still loads); written by tools/training/export.py and specified in
/// docs/recognition-weights-format.md. All integers are little-endian.
///
///     header   "MPWT" | version u16 | flags u16 (0) | payload length u32
///     payload  network count u8 | networks...
///     trailer  CRC-32 (zlib) of header + payload, u32
public enum WeightsFile {
    public static let version = 2
    /// Versions this build reads: 1 lacks the reader head's contrast stretch byte (no stretch).
    public static let readableVersions = 1...2
    static let magic: [UInt8] = Array("MPWT".utf8)
    static let headerSize = 12
    static let maxLayers = 64

    enum Role: Int {
        case detector = 1
        case reader = 2
    }

    enum Op: Int {
        case conv = 1
        case maxPool = 2
    }

    public static func load(_ bytes: [UInt8]) throws(WeightsFileError) -> PlateModel {
        guard bytes.count >= headerSize + 4 else { throw .tooShort(size: bytes.count) }
        guard Array(bytes[0..<4]) == magic else { throw .badMagic }
        var header = ByteReader(bytes, from: 4, to: headerSize)
        let version = try header.u16("version")
        guard readableVersions.contains(version) else { throw .unsupportedVersion(version) }
        let flags = try header.u16("flags")
        guard flags == 0 else { throw .invalidField(offset: 6, field: "flags", reason: "must be 0, is \(flags)") }
        let declared = Int(try header.u32("payload length"))
        let actual = bytes.count - headerSize - 4
        guard declared == actual else { throw .lengthMismatch(declared: declared, actual: actual) }
        var trailer = ByteReader(bytes, from: bytes.count - 4, to: bytes.count)
        let stored = try trailer.u32("checksum")
        let computed = CRC32.checksum(bytes[0..<(bytes.count - 4)])
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }

        var r = ByteReader(bytes, from: headerSize, to: bytes.count - 4)
        let count = try r.u8("network count")
        var detector: (Network, DetectorHead)?
        var reader: (Network, ReaderHead, Int)?
        for _ in 0..<count {
            let roleOffset = r.offset
            guard let role = Role(rawValue: try r.u8("network role")) else {
                throw .invalidField(offset: roleOffset, field: "network role", reason: "unknown role")
            }
            let inputHeight = try r.u16("input height"), inputWidth = try r.u16("input width")
            let inputChannels = try r.u16("input channels")
            guard inputChannels == 1 else {
                throw .invalidField(offset: roleOffset + 5, field: "input channels", reason: "must be 1 (grey), is \(inputChannels)")
            }
            let network = try readLayers(&r)
            switch role {
            case .detector:
                guard detector == nil else { throw .invalidField(offset: roleOffset, field: "network role", reason: "second detector") }
                let head = try readDetectorHead(&r)
                try checkDetector(network)
                detector = (network, head)
            case .reader:
                guard reader == nil else { throw .invalidField(offset: roleOffset, field: "network role", reason: "second reader") }
                let head = try readReaderHead(&r, inputHeight: inputHeight, inputWidth: inputWidth, version: version)
                let steps = try checkReader(network, head)
                reader = (network, head, steps)
            }
        }
        guard r.remaining == 0 else { throw .trailingBytes(offset: r.offset) }
        guard let detector else { throw .missingNetwork("detector") }
        guard let reader else { throw .missingNetwork("reader") }
        return PlateModel(detector: detector.0, detectorHead: detector.1, reader: reader.0, readerHead: reader.1, readerSteps: reader.2)
    }

    private static func readLayers(_ r: inout ByteReader) throws(WeightsFileError) -> Network {
        let countOffset = r.offset
        let count = try r.u16("layer count")
        guard (1...maxLayers).contains(count) else {
            throw .invalidField(offset: countOffset, field: "layer count", reason: "\(count) is outside 1...\(maxLayers)")
        }
        var layers: [NetworkLayer] = []
        for index in 0..<count {
            let opOffset = r.offset
            guard let op = Op(rawValue: try r.u8("layer \(index) op")) else {
                throw .invalidField(offset: opOffset, field: "layer \(index) op", reason: "unknown operation")
            }
            switch op {
            case .maxPool:
                let g = WindowGeometry(kernelHeight: try r.u8("pool kernel"), kernelWidth: try r.u8("pool kernel"),
                                       strideY: try r.u8("pool stride"), strideX: try r.u8("pool stride"))
                guard g.isValid else { throw .invalidField(offset: opOffset, field: "layer \(index) window", reason: "zero kernel or stride") }
                layers.append(.maxPool(MaxPoolLayer(geometry: g)))
            case .conv:
                let g = WindowGeometry(kernelHeight: try r.u8("kernel height"), kernelWidth: try r.u8("kernel width"),
                                       strideY: try r.u8("stride"), strideX: try r.u8("stride"),
                                       padY: try r.u8("padding"), padX: try r.u8("padding"))
                guard g.isValid else {
                    throw .invalidField(offset: opOffset, field: "layer \(index) window", reason: "zero kernel or stride, or padding not below the kernel")
                }
                let cin = try r.u16("input channels"), cout = try r.u16("output channels")
                guard cin > 0, cout > 0 else { throw .invalidField(offset: opOffset, field: "layer \(index) channels", reason: "zero") }
                let low = try r.i8("output min"), high = try r.i8("output max")
                guard low <= high else { throw .invalidField(offset: opOffset, field: "layer \(index) clamp", reason: "min above max") }
                let weights = try r.int8Array(cout * g.kernelHeight * g.kernelWidth * cin, "layer \(index) weights")
                let bias = try r.int32Array(cout, "layer \(index) bias")
                let raw = try r.int32Array(cout, "layer \(index) multipliers")
                let shiftsOffset = r.offset
                let shifts = try r.int8Array(cout, "layer \(index) shifts")
                var multipliers: [QuantizedMultiplier] = []
                for (m, s) in zip(raw, shifts) {
                    guard let q = QuantizedMultiplier(multiplier: m, shift: Int32(s)) else {
                        throw .invalidField(offset: shiftsOffset, field: "layer \(index) multiplier", reason: "\(m) with shift \(s) is out of range")
                    }
                    multipliers.append(q)
                }
                layers.append(.conv(Conv2DLayer(inputChannels: cin, outputChannels: cout, geometry: g, weights: weights,
                                                bias: bias, multipliers: multipliers, outputMin: low, outputMax: high)))
            }
        }
        return Network(layers: layers)
    }

    private static func readDetectorHead(_ r: inout ByteReader) throws(WeightsFileError) -> DetectorHead {
        let offset = r.offset
        let stride = try r.u8("detector stride"), downscale = try r.u8("detector downscale")
        let threshold = try r.i8("detector threshold")
        let m = try r.i32("detector size multiplier"), s = try r.i8("detector size shift")
        guard stride > 0, downscale > 0 else { throw .invalidField(offset: offset, field: "detector stride", reason: "zero") }
        guard let scale = QuantizedMultiplier(multiplier: m, shift: Int32(s)) else {
            throw .invalidField(offset: offset + 3, field: "detector size multiplier", reason: "out of range")
        }
        return DetectorHead(stride: stride, downscale: downscale, threshold: threshold, sizeScale: scale)
    }

    private static func readReaderHead(_ r: inout ByteReader, inputHeight: Int, inputWidth: Int, version: Int) throws(WeightsFileError) -> ReaderHead {
        let offset = r.offset
        let classes = try r.u8("reader classes"), blank = try r.u8("reader blank")
        let length = try r.u8("alphabet length")
        let alphabet = try r.take(length, "alphabet").map { Character(Unicode.Scalar($0)) }
        guard classes == alphabet.count + 1, blank < classes else {
            throw .invalidField(offset: offset, field: "reader classes", reason: "\(classes) classes do not fit a \(alphabet.count)-character alphabet plus blank")
        }
        let table = try (0..<256).map { _ throws(WeightsFileError) in try r.u32("softmax table") }
        guard table[0] == 1 << 16 else { throw .invalidField(offset: offset, field: "softmax table", reason: "entry 0 must be 65536") }
        var clipPercent = 0
        if version >= 2 {
            let stretchOffset = r.offset
            clipPercent = try r.u8("contrast stretch clip percent")
            guard ContrastStretch.clipPercents.contains(clipPercent) else {
                throw .invalidField(offset: stretchOffset, field: "contrast stretch clip percent",
                                    reason: "\(clipPercent) is outside \(ContrastStretch.clipPercents)")
            }
        }
        return ReaderHead(inputHeight: inputHeight, inputWidth: inputWidth, classes: classes, blank: blank,
                          alphabet: alphabet, softmaxTable: table, contrastClipPercent: clipPercent)
    }

    private static func checkDetector(_ network: Network) throws(WeightsFileError) {
        switch network.outputShape(height: 64, width: 64, channels: 1) {
        case .failure(let e): throw .shapeMismatch(network: "detector", layer: e.layer, reason: e.reason)
        case .success(let shape):
            guard shape.2 == 3 else {
                throw .shapeMismatch(network: "detector", layer: network.layers.count - 1, reason: "outputs \(shape.2) channels, expected 3")
            }
        }
    }

    private static func checkReader(_ network: Network, _ head: ReaderHead) throws(WeightsFileError) -> Int {
        switch network.outputShape(height: head.inputHeight, width: head.inputWidth, channels: 1) {
        case .failure(let e): throw .shapeMismatch(network: "reader", layer: e.layer, reason: e.reason)
        case .success(let (h, w, c)):
            guard h == 1, c == head.classes else {
                throw .shapeMismatch(network: "reader", layer: network.layers.count - 1,
                                     reason: "outputs \(h)x\(w)x\(c), expected 1 row of \(head.classes) classes")
            }
            return w
        }
    }
}
