import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import MilepostCore
import MilepostPolicy
import MilepostSystem
import NIOCore
import NIOSSL
import ServiceLifecycle

/// The department server as a library: built from its configuration and clock, it migrates
/// the database, then serves `/health`, the ingest routes (reads and hit notices) and the
/// token-protected routes (the officer console and notice stream, searches under approval,
/// evidence holds) over HTTPS and runs retention, until SIGTERM or SIGINT (docs/server.md).
public struct DepartmentServer: Sendable {
    public let config: ServerConfig
    public let endpoint: PostgresEndpoint
    public let clock: any WallClock
    public let logger: Logger

    public init(config: ServerConfig, clock: any WallClock = SystemWallClock(), logger: Logger) throws {
        self.config = config
        endpoint = try config.postgres.endpoint(path: "server config")
        self.clock = clock
        self.logger = logger
    }

    /// The parts every route and service share; tests build the same.
    public struct Parts: Sendable {
        public let database: ServerDatabase
        public let partitions: ReadPartitions
        public let keys: UnitKeyRegistry
        public let ingestor: ReadIngestor
        public let tokens: AccessTokens
        public let notices: FleetNoticeStore
        /// Newly stored notices, for this server's open notice streams.
        public let noticeFeed: FleetNoticeFeed
        public let clock: any WallClock

        public init(database: ServerDatabase, clock: any WallClock) {
            self.database = database
            partitions = ReadPartitions(database: database)
            keys = UnitKeyRegistry(database: database)
            ingestor = ReadIngestor(database: database, partitions: partitions, clock: clock)
            tokens = AccessTokens(database: database)
            notices = FleetNoticeStore(database: database)
            noticeFeed = FleetNoticeFeed()
            self.clock = clock
        }

        /// Every route behind `AccessMiddleware`: `/health`, the console page (it holds no data)
        /// and the ingest routes pass without a token, every other needs one and is audited.
        public func router(access: ServerAccess, policy: ServerPolicy?, pool: BlockingPool, logger: Logger) -> Router<ServerRequestContext> {
            let router = Router(context: ServerRequestContext.self)
            router.add(middleware: AccessMiddleware(access: access))
            router.get("health") { _, _ -> String in "ok" }
            IngestRoutes(keys: keys, ingestor: ingestor, logger: logger).add(to: router)
            NoticeIngestRoutes(keys: keys, notices: notices, feed: noticeFeed, clock: clock, logger: logger).add(to: router)
            FleetNoticeRoutes<ServerRequestContext>(notices: notices, feed: noticeFeed, audit: access.audit, pool: pool, clock: clock,
                                                    authenticate: access.authenticator([.officer, .supervisor])).add(to: router)
            SearchRoutes(policy: policy, database: database, access: access, pool: pool).add(to: router)
            HoldRoutes<ServerRequestContext>(holds: EvidenceHolds(database: database, audit: access.audit, clock: access.clock, pool: pool),
                                             authorize: { request, context in
                                                 (try await access.require([.supervisor], request, context: context).actor, context.auditSource)
                                             }).add(to: router)
            return router
        }
    }

    /// Runs until a signal (or `stopAfter`); throws `ServerError` naming an unreachable
    /// PostgreSQL, a port in use or unreadable TLS files.
    public func run(stopsOnSignals: Bool = true) async throws {
        let server = try httpServer()
        let database = ServerDatabase(endpoint: endpoint, logger: logger)
        let applied = try await database.migrate()
        let pool = BlockingPool(threadCount: 1)
        do {
            let audit = try await pool.run { [config, clock] in try ServerAuditLog.open(directory: config.auditDirectory, clock: clock) }
            let parts = Parts(database: database, clock: clock)
            let policy = try await config.policyDirectory.asyncFlatMap { [clock] directory in
                try await pool.run { try ServerPolicy(directory: directory, audit: audit, clock: clock) }
            }
            let access = ServerAccess(tokens: parts.tokens, audit: audit, pool: pool, clock: clock, logger: logger)
            let retention = PartitionRetention(database: database, partitions: parts.partitions, audit: audit,
                                               retentionDays: config.retentionDays, clock: clock, pool: pool)
            let app = Application(router: parts.router(access: access, policy: policy, pool: pool, logger: logger), server: server,
                                  configuration: ApplicationConfiguration(address: .hostname(config.https.host, port: config.https.port),
                                                                          serverName: "milepost-server"),
                                  logger: logger)
            let registrations = KeyRegistrationAudit(database: database, audit: audit, pool: pool)
            let noticeRetention = NoticeRetention(database: database, audit: audit, retentionDays: config.retentionDays, clock: clock, pool: pool)
            let services: [any Service] = [database.client, PartitionRetentionService(retention: retention, notices: noticeRetention, logger: logger),
                                           KeyRegistrationAuditService(registrations: registrations, clock: clock, logger: logger),
                                           RefusalFlushService(access: access), app]
            let group = ServiceGroup(configuration: .init(
                services: services.map { .init(service: $0, failureTerminationBehavior: .gracefullyShutdownGroup) },
                gracefulShutdownSignals: stopsOnSignals ? [.sigterm, .sigint] : [], logger: logger))
            logger.notice("server starting", metadata: [
                "postgres": "\(endpoint)", "migrationsApplied": "\(applied)", "listen": "\(config.https.host):\(config.https.port)",
                "tls": "\(config.https.servesPlainHTTP ? "off (plain HTTP on loopback)" : "on")", "retentionDays": "\(config.retentionDays)",
                "audit": "\(config.auditDirectory)", "policy": "\(config.policyDirectory ?? "none: searches are refused")",
            ])
            do {
                try await group.run()
            } catch {
                throw listenError(error) ?? error
            }
        } catch {
            try? await pool.shutdown()
            throw error
        }
        try await pool.shutdown()
    }

    /// HTTPS with the configured certificate and key, or plain HTTP where the config allows it.
    func httpServer() throws -> HTTPServerBuilder {
        guard !config.https.servesPlainHTTP, let certificate = config.https.certificateFile, let key = config.https.privateKeyFile else {
            return .http1()
        }
        do {
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            return try .tls(.http1(), tlsConfiguration: tls)
        } catch {
            throw ServerError.tlsFiles(certificate: certificate, key: key, reason: "\(error)")
        }
    }

    /// A bind failure, found anywhere in the error the service group threw, as `ServerError`.
    func listenError(_ error: any Error) -> ServerError? {
        guard let io = Self.ioError(in: error) else { return nil }
        if io.errnoCode == EADDRINUSE { return .portInUse(host: config.https.host, port: config.https.port) }
        return .listenFailed(host: config.https.host, port: config.https.port, reason: "\(io)")
    }

    static func ioError(in error: any Error) -> IOError? {
        error as? IOError
    }
}
