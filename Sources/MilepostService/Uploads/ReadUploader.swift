import Logging
import MilepostCore
import MilepostIngest
import ServiceLifecycle

/// Forwards the unit's stored reads to the department server while the unit runs
/// (docs/server-ingest.md, "The unit's uploader"), as rounds of `ReadUploadWorker`: at once
/// while reads wait, every interval once all are acknowledged, after a jittered backoff while
/// the server is unreachable. Capture never waits for it: the store is read on the uploader's
/// own lane. On graceful shutdown it stops between rounds (a post in flight is cancelled and
/// its reads sent again at the next start) and closes its connections.
public struct ReadUploader: Service {
    let worker: ReadUploadWorker
    let transport: any ReadBatchTransport
    let clock: any WallClock
    let logger: Logger

    init(worker: ReadUploadWorker, clock: any WallClock, logger: Logger) {
        self.worker = worker
        self.transport = worker.transport
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { [worker, clock] in
            while !Task.isCancelled {
                let wait = await worker.step()
                do { try await clock.sleep(until: clock.now().adding(milliseconds: wait)) } catch { return }
            }
        }
        do { try await transport.shutdown() } catch {
            logger.warning("the uploader's HTTP client did not shut down cleanly", metadata: ["error": "\(error)"])
        }
        logger.notice("read uploader stopped; reads not yet acknowledged are sent after the next start")
    }
}
