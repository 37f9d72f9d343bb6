import Foundation
import Logging
import MilepostCore
import MilepostPolicy
import NIOCore
import PostgresNIO

/// The unit keys the server accepts batches from (table `unit_keys`). A key is registered from
/// its public key file (`milepost keys` writes `unit.pub`); its holder name is the unit id.
public struct UnitKeyRegistry: Sendable {
    public let database: ServerDatabase

    public init(database: ServerDatabase) { self.database = database }

    public struct Entry: Sendable, Equatable {
        public var keyID: KeyID
        public var unitID: String
        public var organisation: String
        public var registeredAt: UTCTime
    }

    public enum Registration: Sendable, Equatable {
        case registered
        case alreadyRegistered
    }

    /// Registers `key`, which must be a unit key, as registered by `registeredBy` (the
    /// `KeyRegistrationAudit` of the running server audits it). Registering the same key again
    /// changes nothing.
    public func register(_ key: PolicyPublicKey, registeredBy: String = "unknown") async throws -> Registration {
        guard key.holder.role == .unit else {
            throw PolicyError(.wrongKeyRole, "key \(key.id) is a \(key.holder.role.rawValue) key; only unit keys sign read batches")
        }
        let rows = try await database.client.query("""
            INSERT INTO unit_keys (key_id, unit_id, organisation, public_key, registered_by)
            VALUES (\(key.id.rawValue), \(key.holder.name), \(key.holder.organisation), \(ByteBuffer(bytes: key.rawRepresentation)), \(registeredBy))
            ON CONFLICT (key_id) DO NOTHING RETURNING key_id
            """, logger: database.logger)
        var inserted = false
        for try await _ in rows { inserted = true }
        return inserted ? .registered : .alreadyRegistered
    }

    /// The registered key with this id, or nil.
    public func key(_ id: KeyID) async throws -> PolicyPublicKey? {
        let rows = try await database.client.query(
            "SELECT unit_id, organisation, public_key FROM unit_keys WHERE key_id = \(id.rawValue)", logger: database.logger)
        for try await (unit, organisation, bytes) in rows.decode((String, String, ByteBuffer).self) {
            return try PolicyPublicKey(holder: KeyHolder(role: .unit, name: unit, organisation: organisation),
                                       rawRepresentation: Array(buffer: bytes))
        }
        return nil
    }

    public func all() async throws -> [Entry] {
        let rows = try await database.client.query("""
            SELECT key_id, unit_id, organisation, (extract(epoch FROM registered_at) * 1000)::bigint
            FROM unit_keys ORDER BY unit_id, registered_at
            """, logger: database.logger)
        var entries: [Entry] = []
        for try await (keyID, unit, organisation, registered) in rows.decode((String, String, String, Int64).self) {
            entries.append(Entry(keyID: KeyID(rawValue: keyID), unitID: unit, organisation: organisation,
                                 registeredAt: UTCTime(millisecondsSinceEpoch: registered)))
        }
        return entries
    }
}
