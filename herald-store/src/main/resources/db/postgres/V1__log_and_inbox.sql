-- Herald's log and inbox state (PostgreSQL). The same tables as db/sqlite with PostgreSQL types, so
-- both stores share their queries (dev.herald.store.jdbc). See the SQLite file for the meaning of
-- each column; only what differs is commented here.

-- The counter row. Every writing transaction (from any node) first takes
-- pg_advisory_xact_lock(<Herald's key>), then reads and advances head: numbers are dense and become
-- visible in order, and a rolled-back transaction rolls its numbers back. A bigserial would not do:
-- a transaction holding 104 could commit after one holding 105.
CREATE TABLE log_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    epoch   TEXT   NOT NULL,
    head    BIGINT NOT NULL,
    horizon BIGINT NOT NULL
);

CREATE TABLE items (
    seq        BIGINT   PRIMARY KEY,
    kind       SMALLINT NOT NULL,
    audience   SMALLINT NOT NULL,
    user_id    TEXT,
    event      TEXT     NOT NULL,
    type       TEXT,
    content    BYTEA    NOT NULL,
    created_at BIGINT   NOT NULL,
    expires_at BIGINT   NOT NULL
);
CREATE INDEX items_user ON items (user_id, seq) WHERE user_id IS NOT NULL;
CREATE INDEX items_broadcast ON items (seq) WHERE audience = 2;
CREATE INDEX items_expiry ON items (expires_at);

CREATE TABLE recipients (
    seq     BIGINT  NOT NULL,
    pos     INTEGER NOT NULL,
    user_id TEXT    NOT NULL,
    PRIMARY KEY (seq, pos)
);
CREATE INDEX recipients_user ON recipients (user_id, seq);

CREATE TABLE idempotency_keys (
    scoped_key TEXT    PRIMARY KEY,
    seq        BIGINT  NOT NULL,
    recipients INTEGER NOT NULL,
    expires_at BIGINT  NOT NULL
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

CREATE TABLE inbox_marks (
    user_id TEXT     NOT NULL,
    seq     BIGINT   NOT NULL,
    read_at BIGINT   NOT NULL,
    deleted SMALLINT NOT NULL,
    PRIMARY KEY (user_id, seq)
);
CREATE INDEX inbox_marks_seq ON inbox_marks (seq);

CREATE TABLE inbox_users (
    user_id          TEXT   PRIMARY KEY,
    read_through_seq BIGINT NOT NULL,
    read_through_at  BIGINT NOT NULL,
    muted_types      TEXT   NOT NULL
);
