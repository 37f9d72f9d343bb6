/// How sure the reader is of a read, in per mille (0...1000): the recogniser's own integer
/// scale, kept as it is from the reader to the store and the hotlist match. `fraction` gives
/// 0...1 where a format or a score wants it.
public struct Confidence: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public static let maximumPerMille = 1000

    public let perMille: Int

    /// Nil unless `perMille` is within 0...1000.
    public init?(perMille: Int) {
        guard (0...Self.maximumPerMille).contains(perMille) else { return nil }
        self.perMille = perMille
    }

    /// The nearest per-mille value of `fraction`; nil unless it is a number within 0...1.
    public init?(fraction: Double) {
        guard fraction.isFinite, (0...1).contains(fraction) else { return nil }
        self.perMille = Int((fraction * Double(Self.maximumPerMille)).rounded())
    }

    /// For literals in code: a literal outside 0...1000 is a programming error.
    public init(integerLiteral perMille: Int) {
        guard let confidence = Confidence(perMille: perMille) else { preconditionFailure("confidence \(perMille) is not within 0...1000 per mille") }
        self = confidence
    }

    public var fraction: Double { Double(perMille) / Double(Self.maximumPerMille) }

    public static func < (a: Confidence, b: Confidence) -> Bool { a.perMille < b.perMille }

    public var description: String { "\(perMille)‰" }
}
