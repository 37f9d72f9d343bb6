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
    public static let all: [Migration] = [initialSchema, hitNotices]

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
}
