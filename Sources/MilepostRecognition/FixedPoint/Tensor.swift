/// An int8 activation map in height x width x channels order (channels fastest).
public struct Int8Tensor: Equatable, Sendable {
    public let height: Int
    public let width: Int
    public let channels: Int
    public var values: [Int8]

    public init(height: Int, width: Int, channels: Int, values: [Int8]) {
        precondition(values.count == height * width * channels, "tensor size mismatch")
        self.height = height
        self.width = width
        self.channels = channels
        self.values = values
    }

    public init(height: Int, width: Int, channels: Int) {
        self.init(height: height, width: width, channels: channels,
                  values: [Int8](repeating: 0, count: height * width * channels))
    }

    @inline(__always)
    public subscript(y: Int, x: Int, c: Int) -> Int8 {
        get { values[(y * width + x) * channels + c] }
        set { values[(y * width + x) * channels + c] = newValue }
    }
}

/// An axis-aligned box in pixel coordinates (top-left origin).
public struct PixelBox: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var area: Int { max(0, width) * max(0, height) }

    public func intersection(_ other: PixelBox) -> Int {
        let w = min(x + width, other.x + other.width) - max(x, other.x)
        let h = min(y + height, other.y + other.height) - max(y, other.y)
        return w > 0 && h > 0 ? w * h : 0
    }
}
