import Logging
import MilepostCore
import MilepostPolicy
import MilepostStorage
import MilepostSystem
import NIOSSL

/// The read uploader of a unit whose configuration names a department server, and its part of
/// /status. Opened in two steps: `open` reads the upload cursor and the CA file (start-up steps
/// that can fail, each naming its file), `start` makes the HTTP client, after the last step
/// that can fail, since a client must be shut down (the uploader does so when it stops).
struct UnitUploads: Sendable {
    let uploader: ReadUploader
    let monitor: UploadMonitor

    struct Opened: Sendable {
        let server: ServerSettings
        let cursor: UploadCursor
        let certificates: [NIOSSLCertificate]?
    }

    static func open(_ server: ServerSettings, store: ReadStore, fileSystem: any FileSystem) throws -> Opened {
        let cursor = try startupStep("upload cursor \(PathNames.join(store.configuration.directory, UploadCursor.fileName))") {
            try UploadCursor.open(for: store, fileSystem: fileSystem)
        }
        let certificates = try server.caFile.map { file in
            try startupStep("the department server's CA file \(file) (server.caFile)") { try HTTPReadBatchTransport.certificates(inCAFile: file) }
        }
        return Opened(server: server, cursor: cursor, certificates: certificates)
    }

    static func start(_ opened: Opened, store: ReadStore, unitID: UnitID, policy: UnitPolicy, queues: UnitLanes, clock: any WallClock,
                      logger: Logger) -> UnitUploads {
        let settings = UploadSettings(opened.server)
        let health = UploadHealth(acknowledgedThrough: opened.cursor.acknowledgedThrough)
        let transport = HTTPReadBatchTransport(url: opened.server.ingestURL, trusting: opened.certificates)
        let worker = ReadUploadWorker(store: store, cursor: opened.cursor, unitID: unitID, unitKey: policy.unitKey, transport: transport,
                                      settings: settings, lane: queues.uploads, audit: policy.audit, policyLane: queues.policy,
                                      health: health, clock: clock, logger: logger)
        return UnitUploads(uploader: ReadUploader(worker: worker, clock: clock, logger: logger),
                           monitor: UploadMonitor(server: opened.server.url, store: store, lane: queues.uploads, health: health,
                                                  alarmFraction: settings.backlogAlarmFraction))
    }
}
