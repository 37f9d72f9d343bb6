import Crypto
import Foundation
import MilepostCore
import MilepostPolicy
import PostgresNIO

/// The bearer tokens of the people who use the server, in `access_tokens`
/// (docs/server-schema.md). Only each token's SHA-256 digest is stored; the token itself is
/// shown once, when it is issued. A token is looked up by its digest, so no secret bytes are
/// compared one by one.
public struct AccessTokens: Sendable {
    public let database: ServerDatabase

    public init(database: ServerDatabase) { self.database = database }

    public struct Entry: Sendable, Equatable {
        public var holderID: String
        public var name: String
        public var role: ServerRole
        public var issuedAt: UTCTime
        public var revokedAt: UTCTime?
    }

    /// The SHA-256 of the token's UTF-8 bytes: what the table keeps.
    public static func digest(of token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// 32 random bytes, base64url, after a prefix that says what it is.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return "mps_" + Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Makes a token for `holderID` with `role`, stores its digest, and returns the token: the
    /// only time it is seen. A holder's live tokens have different names.
    public func issue(role: ServerRole, holderID: String, name: String) async throws -> String {
        try Self.check(holderID, field: "holder id")
        try Self.check(name, field: "token name")
        let token = Self.newToken()
        do {
            try await database.client.query("""
                INSERT INTO access_tokens (token_digest, holder_id, name, role)
                VALUES (\(ByteBuffer(bytes: Self.digest(of: token))), \(holderID), \(name), \(role.rawValue))
                """, logger: database.logger)
        } catch let error where PostgresFailure.sqlState(error) == Self.uniqueViolation {
            throw AccessTokenError.alreadyIssued(holderID: holderID, name: name)
        }
        return token
    }

    static let uniqueViolation = "23505"

    /// Revokes the holder's live token of that name; it is refused from then on. The row stays,
    /// with its revocation time.
    public func revoke(holderID: String, name: String) async throws {
        let rows = try await database.client.query("""
            UPDATE access_tokens SET revoked_at = now()
            WHERE holder_id = \(holderID) AND name = \(name) AND revoked_at IS NULL RETURNING holder_id
            """, logger: database.logger)
        var revoked = false
        for try await _ in rows { revoked = true }
        guard revoked else { throw AccessTokenError.notFound(holderID: holderID, name: name) }
    }

    /// Every token ever issued, live and revoked, by holder.
    public func all() async throws -> [Entry] {
        let rows = try await database.client.query("""
            SELECT holder_id, name, role, (extract(epoch FROM issued_at) * 1000)::bigint, (extract(epoch FROM revoked_at) * 1000)::bigint
            FROM access_tokens ORDER BY holder_id, issued_at
            """, logger: database.logger)
        var entries: [Entry] = []
        for try await (holder, name, role, issued, revoked) in rows.decode((String, String, String, Int64, Int64?).self) {
            entries.append(Entry(holderID: holder, name: name, role: try ServerRole(parsing: role), issuedAt: UTCTime(millisecondsSinceEpoch: issued),
                                 revokedAt: revoked.map { UTCTime(millisecondsSinceEpoch: $0) }))
        }
        return entries
    }

    /// Who holds `token`, if it is live.
    public func identity(presenting token: String) async throws -> ServerIdentity? {
        let rows = try await database.client.query("""
            SELECT holder_id, name, role FROM access_tokens
            WHERE token_digest = \(ByteBuffer(bytes: Self.digest(of: token))) AND revoked_at IS NULL
            """, logger: database.logger)
        for try await (holder, name, role) in rows.decode((String, String, String).self) {
            return ServerIdentity(holderID: holder, tokenName: name, role: try ServerRole(parsing: role))
        }
        return nil
    }

    /// Holder ids and token names are printed and audited: visible characters only.
    static func check(_ value: String, field: String) throws(AccessTokenError) {
        guard !value.isEmpty, value.count <= 128 else { throw .invalidField(field: field, value: value, reason: "must be 1 to 128 characters") }
        guard value.unicodeScalars.allSatisfy({ $0.properties.isWhitespace == false && $0.properties.generalCategory != .control }) else {
            throw .invalidField(field: field, value: value, reason: "must not contain spaces or control characters")
        }
    }
}
