-- Issue 15: the browsers' Web Push subscriptions. An endpoint belongs to one user at a time (the
-- last who saved it), so it is the key; (user_id, created_at) lists a user's oldest first.
CREATE TABLE push_subscriptions (
    endpoint   TEXT    PRIMARY KEY,
    user_id    TEXT    NOT NULL,
    p256dh     TEXT    NOT NULL,
    auth       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);

-- The user's Web Push switch (preferences push: true|false); on until they turn it off.
ALTER TABLE inbox_users ADD COLUMN push_enabled INTEGER NOT NULL DEFAULT 1;
