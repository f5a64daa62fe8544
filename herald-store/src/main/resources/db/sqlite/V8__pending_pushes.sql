-- Issue 15: durable Web Push delivery. push_cursor is the last log sequence number considered for
-- pushes (no row until the first scan, which starts at the log's head: a store upgraded with old
-- notifications never pushes them); whoever moves it enqueues that range's pushes in the same
-- transaction. pending_pushes holds one row per (notification, subscription) until it is sent, gone,
-- rejected or out of attempts; claimed_until is a lease (0 = unclaimed), so a dead node's claims
-- come back by themselves.
CREATE TABLE push_cursor (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);

CREATE TABLE pending_pushes (
    id            INTEGER PRIMARY KEY,
    user_id       TEXT    NOT NULL,
    endpoint      TEXT    NOT NULL,
    seq           INTEGER NOT NULL,
    payload       BLOB    NOT NULL,
    expires_at    INTEGER NOT NULL,
    urgency       TEXT    NOT NULL,
    topic         TEXT,
    attempts      INTEGER NOT NULL,
    enqueued_at   INTEGER NOT NULL,
    due_at        INTEGER NOT NULL,
    claimed_by    TEXT,
    claimed_until INTEGER NOT NULL
);
CREATE INDEX pending_pushes_due ON pending_pushes (due_at);
