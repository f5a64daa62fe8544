-- Issue 15: notification digests. One row per (user, digest key) whose digest may still take
-- notifications: the digest's notification (seq), how many notifications it stands for (count) and
-- when its window closes (window_end, epoch millis; fixed at the first notification). A notification
-- with that key arriving before window_end merges into seq in the writer's transaction; after it, or
-- when seq has left the inbox, it starts a new digest and replaces the row. Retention drops rows
-- whose window has closed.
CREATE TABLE open_digests (
    user_id    TEXT   NOT NULL,
    digest_key TEXT   NOT NULL,
    seq        BIGINT NOT NULL,
    count      BIGINT NOT NULL,
    window_end BIGINT NOT NULL,
    PRIMARY KEY (user_id, digest_key)
);
CREATE INDEX open_digests_window_end ON open_digests (window_end);
