import MilepostCore
extension LumaImage {
    /// The pixels inside `box`, clipped to the image (empty when nothing of it is inside).
    public func cropped(to box: PixelBox) -> LumaImage {
        let x0 = max(0, box.x), y0 = max(0, box.y)
        let x1 = min(width, box.x + box.width), y1 = min(height, box.y + box.height)
        guard x1 > x0, y1 > y0 else { return LumaImage(width: 0, height: 0, pixels: []) }
        var cut: [UInt8] = []
        cut.reserveCapacity((x1 - x0) * (y1 - y0))
        for y in y0..<y1 { cut.append(contentsOf: pixels[(y * width + x0)..<(y * width + x1)]) }
        return LumaImage(width: x1 - x0, height: y1 - y0, pixels: cut)
    }
}
