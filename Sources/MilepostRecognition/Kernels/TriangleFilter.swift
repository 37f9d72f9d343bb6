/// Tap weights of the shrinking resize (`resizeFiltered`), shared by both kernel forms.
///
/// A triangle (tent) filter whose radius grows with the shrink factor, as PIL's `BILINEAR`
/// resize does when the training tool makes reader crops: every source pixel under the output
/// pixel contributes, so a 320-pixel-wide plate shrunk to 94 columns is averaged, not aliased.
/// All in integers: coordinates Q16, weights Q14 summing to exactly 16384 per output pixel.
/// Taps outside the image are dropped and the rest renormalised.
enum TriangleFilter {
    struct Taps: Equatable {
        /// Index of the first source pixel the output pixel reads.
        var first: Int
        /// Q14 weights of `first`, `first + 1`, ...; they sum to 16384.
        var weights: [Int32]
    }

    static let one: Int32 = 1 << 14

    /// Taps of each of `outSize` output pixels sampling `span` source pixels from `origin`,
    /// in an axis of `limit` pixels.
    static func taps(outSize: Int, origin: Int, span: Int, limit: Int) -> [Taps] {
        let scale = (span << 16) / outSize
        let radius = max(scale, 1 << 16)
        return (0..<outSize).map { o in
            let centre = (origin << 16) + ((2 * o + 1) * span << 16) / (2 * outSize)
            let lo = max(0, (centre - radius) >> 16), hi = min(limit - 1, (centre + radius) >> 16)
            var raw: [Int] = []
            if lo <= hi {
                raw = (lo...hi).map { i in max(0, radius - abs(((2 * i + 1) << 15) - centre)) }
            }
            let sum = raw.reduce(0, +)
            guard sum > 0 else {  // the box lies wholly outside the image: nearest edge pixel
                return Taps(first: min(max(centre >> 16, 0), limit - 1), weights: [one])
            }
            var weights = raw.map { Int32((($0 << 14) + sum / 2) / sum) }
            // Rounding may leave the sum a little off 16384; the largest weight takes the rest.
            let largest = weights.indices.max { weights[$0] < weights[$1] }!
            weights[largest] += one - weights.reduce(0, +)
            return Taps(first: lo, weights: weights)
        }
    }
}
