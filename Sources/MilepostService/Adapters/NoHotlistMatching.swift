/// Used while no hotlist matcher is wired into the unit: it matches nothing, and says so in
/// the log once, so nobody mistakes a quiet unit for one without hits.
public struct NoHotlistMatching: HitChecking {
    public init() {}

    public func check(_ observation: PlateObservation, frame: CapturedFrame, permittedHotlists: Set<String>) async throws -> Int {
        0
    }
}
