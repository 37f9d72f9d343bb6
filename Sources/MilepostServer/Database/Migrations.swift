/// One versioned step of the server's schema (docs/server-schema.md). Steps are applied in
/// version order, each in its own transaction with its row in `schema_migrations`, and never
/// edited once released: a change to the schema is a new step.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    /// One SQL statement each (the extended query protocol takes one statement at a time).
    public var statements: [String]
}

public enum Migrations {
    public static let all: [Migration] = [initialSchema, accessTokens, hitNotices, evidenceHolds, keyRegistrationAudit, passAgreement]

    static let initialSchema = Migration(version: 1, name: "unit keys, units, reads partitioned by day", statements: [
        """
            CREATE TABLE unit_keys (
                key_id         text PRIMARY KEY,
                unit_id        text NOT NULL,
                organisation   text NOT NULL,
                public_key     bytea NOT NULL CHECK (octet_length(public_key) = 32),
                registered_at  timestamptz NOT NULL DEFAULT now()
            )
            """,
        """
            CREATE INDEX unit_keys_by_unit ON unit_keys (unit_id)
            """,
        """
            CREATE TABLE units (
                unit_id                    text PRIMARY KEY,
                stored_through             bigint NOT NULL DEFAULT 0,
                stored_reads               bigint NOT NULL DEFAULT 0,
                overwritten_before_upload  bigint NOT NULL DEFAULT 0,
                last_batch_at              timestamptz
            )
            """,
        """
            CREATE TABLE reads (
                unit_id           text NOT NULL,
                seq               bigint NOT NULL,
                captured_at       timestamptz NOT NULL,
                read_id           uuid NOT NULL,
                camera_id         text NOT NULL,
                plate             text NOT NULL,
                state             text,
                confidence        smallint NOT NULL,
                alternatives      jsonb NOT NULL,
                box_x             integer NOT NULL,
                box_y             integer NOT NULL,
                box_width         integer NOT NULL,
                box_height        integer NOT NULL,
                authorization_id  text NOT NULL,
                crop              bytea NOT NULL,
                context           bytea,
                received_at       timestamptz NOT NULL,
                PRIMARY KEY (unit_id, seq, captured_at)
            ) PARTITION BY RANGE (captured_at)
            """,
        """
            CREATE INDEX reads_by_plate ON reads (plate, captured_at)
            """,
    ])

    static let accessTokens = Migration(version: 2, name: "access tokens, stored as SHA-256 digests", statements: [
        """
            CREATE TABLE access_tokens (
                token_digest  bytea PRIMARY KEY CHECK (octet_length(token_digest) = 32),
                holder_id     text NOT NULL,
                name          text NOT NULL,
                role          text NOT NULL CHECK (role IN ('supervisor', 'officer', 'auditor', 'searcher')),
                issued_at     timestamptz NOT NULL DEFAULT now(),
                revoked_at    timestamptz
            )
            """,
        """
            CREATE UNIQUE INDEX access_tokens_live_name ON access_tokens (holder_id, name) WHERE revoked_at IS NULL
            """,
    ])

    static let hitNotices = Migration(version: 3, name: "hit notices from every unit, their dispositions", statements: [
        """
            CREATE TABLE hit_notices (
                seq            bigserial PRIMARY KEY,
                unit_id        text NOT NULL,
                notice_id      text NOT NULL,
                unit_sequence  bigint NOT NULL,
                committed_at   timestamptz NOT NULL,
                captured_at    timestamptz NOT NULL,
                plate          text NOT NULL,
                notice         jsonb NOT NULL,
                received_at    timestamptz NOT NULL,
                UNIQUE (unit_id, notice_id)
            )
            """,
        """
            CREATE TABLE notice_dispositions (
                id            bigserial PRIMARY KEY,
                notice_seq    bigint NOT NULL REFERENCES hit_notices (seq),
                disposition   text NOT NULL CHECK (disposition IN ('confirmed_hit', 'wrong_state', 'misread', 'dismissed')),
                actor         text NOT NULL,
                organisation  text NOT NULL,
                note          text NOT NULL,
                recorded_at   timestamptz NOT NULL
            )
            """,
        """
            CREATE INDEX notice_dispositions_by_notice ON notice_dispositions (notice_seq, id)
            """,
    ])

    /// `held_reads` is `reads`' columns after the hold's id, in that order: placing a hold copies
    /// with `SELECT hold_id, r.*`.
    static let evidenceHolds = Migration(version: 4, name: "evidence holds", statements: [
        """
            CREATE TABLE evidence_holds (
                hold_id        uuid PRIMARY KEY,
                case_number    text NOT NULL,
                reason         text NOT NULL,
                unit_id        text,
                plate          text,
                captured_from  timestamptz NOT NULL,
                captured_to    timestamptz NOT NULL,
                reads          bigint NOT NULL DEFAULT 0,
                placed_by      text NOT NULL,
                placed_at      timestamptz NOT NULL,
                released_by    text,
                released_at    timestamptz,
                CHECK (unit_id IS NOT NULL OR plate IS NOT NULL),
                CHECK (captured_to > captured_from)
            )
            """,
        """
            CREATE TABLE held_reads (
                hold_id  uuid NOT NULL REFERENCES evidence_holds (hold_id),
                LIKE reads,
                PRIMARY KEY (hold_id, unit_id, seq)
            )
            """,
    ])

    /// Registration is done beside the running server (which holds the audit log), so each key
    /// row says who registered it and waits, `audited_at` null, for the server to audit it.
    static let keyRegistrationAudit = Migration(version: 5, name: "unit key registrations audited by the server", statements: [
        """
            ALTER TABLE unit_keys ADD COLUMN registered_by text NOT NULL DEFAULT 'unknown', ADD COLUMN audited_at timestamptz
            """,
        """
            CREATE INDEX unit_keys_not_audited ON unit_keys (registered_at) WHERE audited_at IS NULL
            """,
    ])

    /// `held_reads` gets the columns too, after `reads`' own, so `SELECT hold_id, r.*` still
    /// lines up.
    static let passAgreement = Migration(version: 6, name: "reads voted from a pass keep their frame counts", statements: [
        """
            ALTER TABLE reads ADD COLUMN frames_read smallint, ADD COLUMN frames_agreed smallint
            """,
        """
            ALTER TABLE held_reads ADD COLUMN frames_read smallint, ADD COLUMN frames_agreed smallint
            """,
    ])
}
