import MilepostSystem

extension BlockingPool {
    /// Runs a camera's blocking work (a wait on the device, a file read and decode) on the pool,
    /// keeping the camera's typed error.
    func runCameraWork<T: Sendable>(device: String, _ body: @escaping @Sendable () throws(CameraError) -> T) async throws(CameraError) -> T {
        let outcome: Result<T, CameraError>
        do {
            outcome = try await run { () -> Result<T, CameraError> in
                do throws(CameraError) { return .success(try body()) } catch { return .failure(error) }
            }
        } catch {
            throw .stopping(device)
        }
        return try outcome.get()
    }
}
