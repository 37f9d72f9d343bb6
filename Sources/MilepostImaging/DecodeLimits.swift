/// Upper bounds checked against a file's size before it is read and against a JPEG or PNG header
/// before any pixel buffer is allocated, so a hostile or damaged file cannot make the unit
/// allocate gigabytes.
public struct DecodeLimits: Equatable, Sendable {
    public var maxWidth: Int
    public var maxHeight: Int
    public var maxPixels: Int
    public var maxFileBytes: Int

    public init(maxWidth: Int, maxHeight: Int, maxPixels: Int, maxFileBytes: Int = 64 << 20) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxPixels = maxPixels
        self.maxFileBytes = maxFileBytes
    }

    /// Generous for a roadside camera (up to 4K; a 4K JPEG at top quality is a few MiB) while
    /// refusing absurd headers and files.
    public static let `default` = DecodeLimits(maxWidth: 4096, maxHeight: 4096, maxPixels: 4096 * 2304)

    func admits(width: Int, height: Int) -> Bool {
        width <= maxWidth && height <= maxHeight && width * height <= maxPixels
    }
}
