-- Issue 14: per-recipient seen and archived times beside read_at (0 = not), still only for what a
-- user changed, so a broadcast costs nothing per user. read_at = -1 now means "marked unread": it
-- overrides the user's read-through mark for that one notification. Existing rows keep their meaning.
ALTER TABLE inbox_marks ADD COLUMN seen_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE inbox_marks ADD COLUMN archived_at BIGINT NOT NULL DEFAULT 0;
