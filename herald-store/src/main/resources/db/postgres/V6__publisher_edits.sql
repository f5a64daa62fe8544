-- Issue 14: a publisher's notification.updated item names the notification it carries a version of
-- (subject_seq), so retracting the notification retracts those items too and its removed text leaves
-- the log with it. Null for every other item, so the index holds only those items.
ALTER TABLE items ADD COLUMN subject_seq BIGINT;
CREATE INDEX items_subject ON items (subject_seq) WHERE subject_seq IS NOT NULL;
