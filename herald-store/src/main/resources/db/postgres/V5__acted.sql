-- Issue 14: which action button a user pressed first on a notification, and when (0 and NULL when
-- never), on the mark row like the other per-recipient states: a broadcast still costs nothing per
-- user until that user changes something. Existing rows read as never acted on.
ALTER TABLE inbox_marks ADD COLUMN acted_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE inbox_marks ADD COLUMN action_id TEXT;
