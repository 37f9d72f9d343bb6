import MilepostCore

/// Makes the frames of a vehicle pass from one photograph, as a camera beside the road sees a
/// vehicle approach: at step 0 the scene is `farScale` of its size and shifted up and to the
/// side (further away), and by the last step it is the photograph itself. The farther half of
/// the pass is softened (a 3x3 box blur: focus and motion), and every frame gets a little
/// sensor noise, seeded, so the frames differ as real ones do and the same seed gives
/// the same pass. Used by the simulated board's replay camera and by the pass benchmark.
public struct ApproachingVehicle: Sendable {
    public var farScale: Double
    /// The scene's shift at step 0, as fractions of the frame's width and height.
    public var farShift: (x: Double, y: Double)
    /// Noise amplitude in grey levels (uniform, ±).
    public var noise: Int
    /// Whether steps before the middle of the pass are blurred.
    public var blursFarSteps: Bool

    public init(farScale: Double = 0.8, farShift: (x: Double, y: Double) = (0.04, -0.08), noise: Int = 3, blursFarSteps: Bool = true) {
        precondition(farScale > 0.1 && farScale <= 1, "farScale must be in (0.1, 1]")
        self.farScale = farScale
        self.farShift = farShift
        self.noise = max(0, noise)
        self.blursFarSteps = blursFarSteps
    }

    /// Frame `step` of a pass of `steps` frames (0 is the farthest).
    public func frame(_ image: LumaImage, step: Int, of steps: Int, seed: UInt64) -> LumaImage {
        let progress = steps > 1 ? Double(min(max(step, 0), steps - 1)) / Double(steps - 1) : 1
        let scale = farScale + (1 - farScale) * progress
        let shiftX = farShift.x * (1 - progress) * Double(image.width)
        let shiftY = farShift.y * (1 - progress) * Double(image.height)
        var output = resampled(image, scale: scale, shiftX: shiftX, shiftY: shiftY)
        if blursFarSteps, progress < 0.5 { output = boxBlurred(output) }
        if noise > 0 { addNoise(&output, seed: seed &+ UInt64(step) &* 0x9E37_79B9_7F4A_7C15) }
        return output
    }

    /// Output pixel (x, y) shows the scene at ((x − cx − shift) / scale + cx, …), bilinearly, in
    /// 16.16 fixed point; outside the photograph is its mean grey.
    private func resampled(_ image: LumaImage, scale: Double, shiftX: Double, shiftY: Double) -> LumaImage {
        let (width, height) = (image.width, image.height)
        guard width > 1, height > 1 else { return image }
        if scale == 1, shiftX == 0, shiftY == 0 { return image }
        let fill = UInt8(image.pixels.reduce(0) { $0 + Int($1) } / max(1, image.pixels.count))
        let step = Int((65536 / scale).rounded())
        let originX = Int(((Double(width) / 2) - (Double(width) / 2 + shiftX) / scale) * 65536)
        let originY = Int(((Double(height) / 2) - (Double(height) / 2 + shiftY) / scale) * 65536)
        var pixels = [UInt8](repeating: fill, count: width * height)
        image.pixels.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    let sy = originY + y * step
                    let y0 = sy >> 16
                    guard y0 >= 0, y0 < height - 1 else { continue }
                    let fy = sy & 0xFFFF
                    for x in 0..<width {
                        let sx = originX + x * step
                        let x0 = sx >> 16
                        guard x0 >= 0, x0 < width - 1 else { continue }
                        let fx = sx & 0xFFFF
                        let top = Int(source[y0 * width + x0]) * (65536 - fx) + Int(source[y0 * width + x0 + 1]) * fx
                        let bottom = Int(source[(y0 + 1) * width + x0]) * (65536 - fx) + Int(source[(y0 + 1) * width + x0 + 1]) * fx
                        let value = ((top >> 8) * (65536 - fy) + (bottom >> 8) * fy) >> 24
                        target[y * width + x] = UInt8(min(255, value))
                    }
                }
            }
        }
        return LumaImage(width: width, height: height, pixels: pixels)
    }

    /// Each inner pixel the mean of its 3x3 neighbourhood (rounded); the border is kept.
    private func boxBlurred(_ image: LumaImage) -> LumaImage {
        let (width, height) = (image.width, image.height)
        guard width > 2, height > 2 else { return image }
        var pixels = image.pixels
        image.pixels.withUnsafeBufferPointer { source in
            for y in 1..<(height - 1) {
                for x in 1..<(width - 1) {
                    var sum = 0
                    for row in (y - 1)...(y + 1) {
                        let base = row * width + x
                        sum += Int(source[base - 1]) + Int(source[base]) + Int(source[base + 1])
                    }
                    pixels[y * width + x] = UInt8((sum + 4) / 9)
                }
            }
        }
        return LumaImage(width: width, height: height, pixels: pixels)
    }

    private func addNoise(_ image: inout LumaImage, seed: UInt64) {
        var state = seed
        let span = UInt64(2 * noise + 1)
        for index in image.pixels.indices {
            // SplitMix64: a fixed generator, so a seed gives the same frames on every machine.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let delta = Int(z % span) - noise
            image.pixels[index] = UInt8(clamping: Int(image.pixels[index]) + delta)
        }
    }
}
