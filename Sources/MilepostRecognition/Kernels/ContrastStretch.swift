import MilepostCore

/// The per-crop contrast stretch the reader's input goes through (when its model asks for
/// one): dim, low-contrast plates then reach the network at the same contrast as bright ones.
///
/// With n pixels and clip percent p, k = n * p / 100. The pixel of rank k from the dark end
/// (`low`) maps to 0, the pixel of rank k from the bright end (`high`) to 255:
/// `min(255, (max(0, v - low) * 255 + spread / 2) / spread)` with
/// `spread = max(high - low, minimumSpread)`, so a flat crop's noise is not blown up.
/// The twin of `stretch_contrast` in tools/training/qops.py.
public enum ContrastStretch {
    public static let minimumSpread = 16
    /// Clip percents a weights file may ask for (0 is no stretch).
    public static let clipPercents = 0...49

    static func mapping(low: Int, high: Int) -> [UInt8] {
        let spread = max(high - low, minimumSpread)
        return (0..<256).map { v in UInt8(min(255, (max(0, v - low) * 255 + spread / 2) / spread)) }
    }
}

extension ReferenceKernels {
    /// `ContrastStretch` with the ranks found by sorting the pixels.
    public static func stretchContrast(_ image: LumaImage, clipPercent: Int) -> LumaImage {
        guard clipPercent > 0, !image.pixels.isEmpty else { return image }
        let sorted = image.pixels.sorted()
        let k = sorted.count * clipPercent / 100
        let table = ContrastStretch.mapping(low: Int(sorted[k]), high: Int(sorted[sorted.count - 1 - k]))
        return LumaImage(width: image.width, height: image.height, pixels: image.pixels.map { table[Int($0)] })
    }
}

extension OptimisedKernels {
    /// `ReferenceKernels.stretchContrast` with the ranks read off a 256-bin histogram instead
    /// of a sort.
    public static func stretchContrast(_ image: LumaImage, clipPercent: Int) -> LumaImage {
        guard clipPercent > 0, !image.pixels.isEmpty else { return image }
        let n = image.pixels.count, k = n * clipPercent / 100
        var histogram = [Int](repeating: 0, count: 256)
        image.pixels.withUnsafeBufferPointer { for v in $0 { histogram[Int(v)] += 1 } }
        var low = 0, seen = histogram[0]
        while seen <= k { low += 1; seen += histogram[low] }
        var high = 255
        seen = histogram[255]
        while seen <= k { high -= 1; seen += histogram[high] }
        let table = ContrastStretch.mapping(low: low, high: high)
        let pixels = [UInt8](unsafeUninitializedCapacity: n) { out, count in
            image.pixels.withUnsafeBufferPointer { src in
                table.withUnsafeBufferPointer { t in for i in 0..<n { out[i] = t[Int(src[i])] } }
            }
            count = n
        }
        return LumaImage(width: image.width, height: image.height, pixels: pixels)
    }
}
