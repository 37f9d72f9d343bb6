import ServiceLifecycle

/// Writes the summaries of refusal windows as they end, and every outstanding one at graceful
/// shutdown. It stands before the HTTP server in the service group (groups stop in reverse
/// order), so it flushes after the last request.
public struct RefusalFlushService: Service {
    let access: ServerAccess

    public init(access: ServerAccess) { self.access = access }

    public func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(ServerAccess.defaultWindowSeconds)) }
            } catch {
                break
            }
            await access.flushEndedWindows()
        }
        await access.flushAllWindows()
    }
}
