/// The range each number of a board file must lie in, checked when the file is loaded. The
/// same ranges are listed in docs/installer-guide.md, "Board file reference".
public enum BoardLimits {
    /// A line offset on its chip. Real GPIO chips have at most a few hundred lines.
    public static let lineOffset = 0...1023
    /// `gpio.simulatedChip.lines`. The simulated chip keeps state for every line, so a
    /// mistyped count must not allocate millions of them; gpio-sim chips are as small.
    public static let simulatedLineCount = 1...512
    /// `gpio.simulatedChip.presencePeriodMs`: from ten toggles a second to one an hour.
    public static let presencePeriodMs = 100...3_600_000
    public static let maxDutyCycle = 0.001...1.0
    public static let dutyWindowMs = 100...60_000
    /// Longer than a second and the vehicle has left the frame.
    public static let maxDelayMs = 0...1000
    public static let irLeadUs = 0...100_000
    public static let triggerWidthUs = 1...100_000
    public static let exposureUs = 1...100_000
    public static let frameWidth = 16...8192
    public static let frameHeight = 16...8192
    public static let framesPerSecond = 1...240
    /// V4L2 exposure in 100 µs units: up to one second.
    public static let cameraExposure = 1...10_000
    /// V4L2 gain in the driver's own units; the driver clamps or refuses within this.
    public static let cameraGain = 0...65_535
    /// A replayed pass: the frames a burst of up to 8 reads.
    public static let passFrames = 1...8
}
