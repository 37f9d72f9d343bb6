import MilepostCore
import CPNG

/// PNG reading through libpng's simplified API, to the same 8-bit grey image JPEG decoding
/// gives. Every PNG form libpng reads is accepted (grey, grey+alpha, RGB, RGBA, palette,
/// 1 to 16 bits, interlaced). Alpha is ignored, not composited. Colour is turned into grey
/// with the BT.601 luma weights in integers, the conversion the evaluation crops have always
/// been scored with. libpng brings samples to sRGB encoding first, so a file whose gAMA chunk
/// declares another gamma is converted (the openalpr-us-plates crops are sRGB and decode
/// unchanged).
///
/// libpng reports errors through `png_image.message` and never long-jumps into Swift frames.
public enum PNG {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Decodes to luma. The dimensions are checked against `limits` from the header before
    /// any pixel buffer is allocated.
    public static func decodeLuma(_ data: [UInt8], limits: DecodeLimits = .default) throws(ImagingError) -> LumaImage {
        guard !data.isEmpty else { throw .empty }
        guard data.starts(with: signature) else { throw .notPNG(firstBytes: Array(data.prefix(8))) }
        let decoded = data.withUnsafeBytes { bytes in
            Result { () throws(ImagingError) in try decode(bytes, limits: limits) }
        }
        return try decoded.get()
    }

    /// libpng reads from `bytes` until `png_image_finish_read` returns, so both calls run
    /// inside the caller's access to the buffer.
    private static func decode(_ bytes: UnsafeRawBufferPointer, limits: DecodeLimits) throws(ImagingError) -> LumaImage {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        guard png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count) != 0 else {
            throw .corruptPNG(message(of: image))
        }
        let width = Int(image.width), height = Int(image.height)
        guard limits.admits(width: width, height: height) else {
            throw .pngDimensionsTooLarge(width: width, height: height, limits: limits)
        }
        // 16-bit samples without a gAMA or sRGB chunk are taken as sRGB-encoded, like 8-bit
        // ones, so they reduce to 8 bits by scaling instead of through a linear-light curve.
        image.flags |= png_uint_32(PNG_IMAGE_FLAG_16BIT_sRGB)
        // RGBA keeps the stored colour of every pixel whatever its alpha; grey becomes
        // R = G = B, which the luma weights (summing to 1000) map back to itself.
        image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        let pixelsRead = rgba.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard pixelsRead != 0 else { throw .corruptPNG(message(of: image)) }
        return LumaImage(width: width, height: height, pixels: luma(rgba: rgba, count: width * height))
    }

    /// BT.601 luma in thousandths, rounded: (299 R + 587 G + 114 B + 500) / 1000.
    static func luma(rgba: [UInt8], count: Int) -> [UInt8] {
        var grey = [UInt8](repeating: 0, count: count)
        rgba.withUnsafeBufferPointer { source in
            grey.withUnsafeMutableBufferPointer { target in
                for index in 0..<count {
                    let r = 299 * Int(source[index * 4])
                    let g = 587 * Int(source[index * 4 + 1])
                    let b = 114 * Int(source[index * 4 + 2])
                    target[index] = UInt8((r + g + b + 500) / 1000)
                }
            }
        }
        return grey
    }

    private static func message(of image: png_image) -> String {
        withUnsafeBytes(of: image.message) { bytes in
            let text = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            return text.isEmpty ? "libpng gave no reason" : text
        }
    }
}
