/// Re-asks the deployment guard on every tick, so that expiry or revocation turns the IR off
/// and is audited even when no vehicle passes. With the default 250 ms tick, capture stops
/// well within the policy's one second.
public struct PermissionWatcher: Sendable {
    public let pipeline: CapturePipeline
    public let interval: Duration

    public init(pipeline: CapturePipeline, interval: Duration = .milliseconds(250)) {
        self.pipeline = pipeline
        self.interval = interval
    }

    /// Runs until the task is cancelled, one refresh per tick.
    public func run<C: Clock>(clock: C) async where C.Duration == Duration {
        while !Task.isCancelled {
            await pipeline.refreshPermission()
            do {
                try await clock.sleep(for: interval)
            } catch {
                return
            }
        }
    }
}
