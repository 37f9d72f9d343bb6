import MilepostCore
import MilepostImaging

/// Turns a captured buffer into a packed grey image. Pure functions, so every format path
/// is unit-tested without a device.
public enum LumaConversion {
    public static func convert(_ bytes: UnsafeRawBufferPointer, format: PixelFormat, width: Int, height: Int,
                               bytesPerLine: Int, device: String) throws(CameraError) -> LumaImage {
        switch format {
        case .grey:
            return try packRows(bytes, width: width, height: height, bytesPerLine: max(bytesPerLine, width), bytesPerPixel: 1, device: device)
        case .yuyv:
            // Y0 U Y1 V: luma is every even byte.
            return try packRows(bytes, width: width, height: height, bytesPerLine: max(bytesPerLine, 2 * width), bytesPerPixel: 2, device: device)
        case .mjpeg:
            let image: LumaImage
            do {
                image = try JPEG.decodeLuma(Array(bytes))
            } catch {
                throw .badFrame(device, reason: "MJPEG frame does not decode: \(error)")
            }
            guard image.width == width, image.height == height else {
                throw .badFrame(device, reason: "MJPEG frame is \(image.width)x\(image.height), expected \(width)x\(height)")
            }
            return image
        }
    }

    private static func packRows(_ bytes: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int,
                                 bytesPerPixel: Int, device: String) throws(CameraError) -> LumaImage {
        let needed = bytesPerLine * (height - 1) + width * bytesPerPixel
        guard height > 0, width > 0, bytes.count >= needed else {
            throw .badFrame(device, reason: "buffer holds \(bytes.count) bytes, a \(width)x\(height) frame needs \(needed)")
        }
        var pixels = [UInt8](repeating: 0, count: width * height)
        pixels.withUnsafeMutableBufferPointer { out in
            for row in 0..<height {
                let source = row * bytesPerLine
                let target = row * width
                if bytesPerPixel == 1 {
                    for x in 0..<width { out[target + x] = bytes[source + x] }
                } else {
                    for x in 0..<width { out[target + x] = bytes[source + 2 * x] }
                }
            }
        }
        return LumaImage(width: width, height: height, pixels: pixels)
    }
}
