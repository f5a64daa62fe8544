-- Issue 14: per-user count snapshots, so the counts route and every inbox change's sync item cost
-- O(what changed since the snapshot), not O(inbox). A user's rows hold, per category ('' for none),
-- the sum over their notifications with seq <= inbox_users.counts_seq that are still in items
-- (expired or not) of (unread?, unseen?, 1) by their current state, (0, 0, 0) if deleted or
-- archived. counts_seq = -1: no snapshot (the next read recounts and has one built).
-- Writer ops keep the rows exact (see dev.herald.store.jdbc.CountSnapshots).
CREATE TABLE inbox_counts (
    user_id  TEXT    NOT NULL,
    category TEXT    NOT NULL,
    unread   BIGINT  NOT NULL,
    unseen   BIGINT  NOT NULL,
    total    BIGINT  NOT NULL,
    PRIMARY KEY (user_id, category)
);
ALTER TABLE inbox_users ADD COLUMN counts_seq BIGINT NOT NULL DEFAULT -1;

-- A read subtracts what expired but retention has not removed yet: these find one user's expired
-- items without walking their inbox (list rows carry their item's expiry for that).
ALTER TABLE recipients ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE recipients r SET expires_at = i.expires_at FROM items i WHERE i.seq = r.seq;
CREATE INDEX recipients_user_expiry ON recipients (user_id, expires_at);
CREATE INDEX items_user_expiry ON items (user_id, expires_at) WHERE user_id IS NOT NULL;
CREATE INDEX items_broadcast_expiry ON items (expires_at) WHERE audience = 2;
