/// Upper bounds checked against a JPEG header before any pixel buffer is allocated, so a
/// hostile or damaged file cannot make the unit allocate gigabytes.
public struct DecodeLimits: Equatable, Sendable {
    public var maxWidth: Int
    public var maxHeight: Int
    public var maxPixels: Int

    public init(maxWidth: Int, maxHeight: Int, maxPixels: Int) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxPixels = maxPixels
    }

    /// Generous for a roadside camera (up to 4K) while refusing absurd headers.
    public static let `default` = DecodeLimits(maxWidth: 4096, maxHeight: 4096, maxPixels: 4096 * 2304)

    func admits(width: Int, height: Int) -> Bool {
        width <= maxWidth && height <= maxHeight && width * height <= maxPixels
    }
}
