import Logging
import PostgresNIO

/// Brings a database's schema up to `Migrations.all`: each step not yet in `schema_migrations`
/// runs in one transaction with its row, so a step is applied whole or not at all. A database
/// with a step this server does not know (a newer server migrated it) is refused.
public struct Migrator: Sendable {
    public var migrations: [Migration]

    public init(migrations: [Migration] = Migrations.all) { self.migrations = migrations }

    /// The versions applied now, in order.
    @discardableResult
    public func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        // One migrator at a time, across servers started together.
        try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
        do {
            let applied = try await apply(connection, logger: logger)
            try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            return applied
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            throw error
        }
    }

    static let lockKey: Int64 = 0x6D69_6C65_706F_7374  // "milepost"

    private func apply(_ connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer PRIMARY KEY,
                name        text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        let done = try await appliedVersions(connection, logger: logger)
        let known = Set(migrations.map(\.version))
        if let unknown = done.subtracting(known).min() {
            throw ServerError.schemaTooNew(version: unknown, known: known.max() ?? 0)
        }
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) where !done.contains(migration.version) {
            do {
                try await connection.withTransaction(logger: logger) { connection in
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                }
            } catch {
                throw ServerError.migrationFailed(version: migration.version, name: migration.name, reason: PostgresFailure.describe(error))
            }
            logger.notice("schema migration applied", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            applied.append(migration.version)
        }
        return applied
    }

    public func appliedVersions(_ connection: PostgresConnection, logger: Logger) async throws -> Set<Int> {
        var versions: Set<Int> = []
        for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) {
            versions.insert(version)
        }
        return versions
    }
}
