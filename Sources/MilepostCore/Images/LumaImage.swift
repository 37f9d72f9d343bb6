/// An 8-bit grey image, row-major, one byte per pixel, rows packed (stride == width): the
/// camera's Y plane, a decoded JPEG, a plate crop. Capture, imaging and recognition share it,
/// so a frame reaches the recogniser without a copy.
public struct LumaImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height,
                     "LumaImage pixel count must equal width * height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Inlinable: the recognition kernels read pixels through it in their inner loops.
    @inlinable
    public subscript(x: Int, y: Int) -> UInt8 {
        pixels[y * width + x]
    }
}
