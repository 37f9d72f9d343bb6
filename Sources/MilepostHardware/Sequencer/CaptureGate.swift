/// Asked before every capture cycle whether the unit may capture now (for example, whether
/// a valid deployment authorization is in force). The service supplies the real one.
public protocol CaptureGate: Sendable {
    func isCaptureAllowed() -> Bool
}

/// For installer commands, which fire the lines on purpose.
public struct AlwaysAllowCapture: CaptureGate {
    public init() {}
    public func isCaptureAllowed() -> Bool { true }
}
