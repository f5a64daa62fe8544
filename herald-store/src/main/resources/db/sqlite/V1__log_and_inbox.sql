-- Herald's log and inbox state (SQLite). The PostgreSQL schema in db/postgres is the same tables
-- with PostgreSQL types, so both stores share their queries (dev.herald.store.jdbc).

-- One row: the database's epoch (written once, by the store, right after this migration), the head
-- (highest committed sequence number, advanced in the same transaction as the items it numbers) and
-- the horizon (highest sequence number ever removed by retention).
CREATE TABLE log_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    epoch   TEXT    NOT NULL,
    head    INTEGER NOT NULL,
    horizon INTEGER NOT NULL
);

-- The log. kind: 0 notification, 1 event, 2 sync. audience: 0 one user (user_id), 1 a list
-- (rows in recipients), 2 everyone (stored once). seq is the rowid: appends go to the end of the tree.
CREATE TABLE items (
    seq        INTEGER PRIMARY KEY,
    kind       INTEGER NOT NULL,
    audience   INTEGER NOT NULL,
    user_id    TEXT,
    event      TEXT    NOT NULL,
    type       TEXT,
    content    BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
-- Replay and inbox of one user: direct items by (user_id, seq), broadcasts by seq alone.
CREATE INDEX items_user ON items (user_id, seq) WHERE user_id IS NOT NULL;
CREATE INDEX items_broadcast ON items (seq) WHERE audience = 2;
-- Retention walks expiry order.
CREATE INDEX items_expiry ON items (expires_at);

-- Explicit recipient lists, one row per recipient, in the order given (pos) so range() returns the
-- exact target; (user_id, seq) finds one user's list items.
CREATE TABLE recipients (
    seq     INTEGER NOT NULL,
    pos     INTEGER NOT NULL,
    user_id TEXT    NOT NULL,
    PRIMARY KEY (seq, pos)
) WITHOUT ROWID;
CREATE INDEX recipients_user ON recipients (user_id, seq);

-- Publish idempotency: the first item a key produced and the reply a retry repeats, until
-- expires_at (the first item's createdAt + the idempotency window).
CREATE TABLE idempotency_keys (
    scoped_key TEXT    PRIMARY KEY,
    seq        INTEGER NOT NULL,
    recipients INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- What a user did to one notification: read it (read_at > 0) and/or deleted it. No row exists for
-- what a user never touched, so a broadcast costs nothing per user.
CREATE TABLE inbox_marks (
    user_id TEXT    NOT NULL,
    seq     INTEGER NOT NULL,
    read_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    PRIMARY KEY (user_id, seq)
) WITHOUT ROWID;
CREATE INDEX inbox_marks_seq ON inbox_marks (seq);

-- Per-user state: the read-through mark ("read all" up to read_through_seq at read_through_at) and
-- the muted notification types (a JSON array of strings).
CREATE TABLE inbox_users (
    user_id          TEXT    PRIMARY KEY,
    read_through_seq INTEGER NOT NULL,
    read_through_at  INTEGER NOT NULL,
    muted_types      TEXT    NOT NULL
);
