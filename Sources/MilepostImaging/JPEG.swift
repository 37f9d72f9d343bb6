import MilepostCore
import CTurboJPEG

/// JPEG reading and writing through libjpeg-turbo. Decoding yields luma only: the
/// recognition core works on grey frames, and skipping chroma upsampling and colour
/// conversion is the cheapest decode libjpeg-turbo offers.
public enum JPEG {
    /// Reads the frame dimensions from the header without decoding pixels.
    public static func readHeader(_ data: [UInt8]) throws(ImagingError) -> (width: Int, height: Int) {
        try checkSignature(data)
        let handle = try TurboJPEGHandle.decompressor()
        return try header(of: data, handle: handle)
    }

    /// Decodes the luma plane. Any libjpeg warning (truncated data, corrupt entropy
    /// segment) is an error: evidence must not be built on a half-decoded frame.
    public static func decodeLuma(_ data: [UInt8], limits: DecodeLimits = .default) throws(ImagingError) -> LumaImage {
        try checkSignature(data)
        let handle = try TurboJPEGHandle.decompressor()
        let (width, height) = try header(of: data, handle: handle)
        guard limits.admits(width: width, height: height) else {
            throw .dimensionsTooLarge(width: width, height: height, limits: limits)
        }
        var pixels = [UInt8](repeating: 0, count: width * height)
        let status = data.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                tjDecompress2(
                    handle.raw, source.baseAddress, UInt(source.count),
                    target.baseAddress, Int32(width), Int32(width), Int32(height),
                    Int32(TJPF_GRAY.rawValue), TJFLAG_STOPONWARNING
                )
            }
        }
        guard status == 0 else { throw .corrupt(handle.lastError) }
        return LumaImage(width: width, height: height, pixels: pixels)
    }

    /// Encodes a grey image as a single-component baseline JPEG.
    public static func encodeGrey(_ image: LumaImage, quality: Int = 85) throws(ImagingError) -> [UInt8] {
        guard image.width > 0, image.height > 0 else {
            throw .invalidDimensions(width: image.width, height: image.height)
        }
        let handle = try TurboJPEGHandle.compressor()
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let clampedQuality = Int32(min(max(quality, 1), 100))
        let status = image.pixels.withUnsafeBufferPointer { source in
            tjCompress2(
                handle.raw, source.baseAddress, Int32(image.width), Int32(image.width),
                Int32(image.height), Int32(TJPF_GRAY.rawValue), &output, &size,
                Int32(TJSAMP_GRAY.rawValue), clampedQuality, 0
            )
        }
        defer { if let output { tjFree(output) } }
        guard status == 0, let output else { throw .encoderFailed(handle.lastError) }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }

    private static func checkSignature(_ data: [UInt8]) throws(ImagingError) {
        guard !data.isEmpty else { throw .empty }
        guard data.count >= 2, data[0] == 0xFF, data[1] == 0xD8 else {
            throw .notJPEG(firstBytes: Array(data.prefix(4)))
        }
    }

    private static func header(of data: [UInt8], handle: TurboJPEGHandle) throws(ImagingError) -> (width: Int, height: Int) {
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        let status = data.withUnsafeBufferPointer { source in
            tjDecompressHeader3(handle.raw, source.baseAddress, UInt(source.count),
                                &width, &height, &subsampling, &colorspace)
        }
        guard status == 0 else { throw .corrupt(handle.lastError) }
        guard width > 0, height > 0 else {
            throw .invalidDimensions(width: Int(width), height: Int(height))
        }
        return (Int(width), Int(height))
    }
}
