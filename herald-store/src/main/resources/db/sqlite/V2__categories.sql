-- Issue 14: a notification's optional category (muting works on it like on type; null for events,
-- sync items and notifications without one) and each user's muted categories (a JSON array of
-- strings, like muted_types). Existing rows get no category and no muted categories.
ALTER TABLE items ADD COLUMN category TEXT;
ALTER TABLE inbox_users ADD COLUMN muted_categories TEXT NOT NULL DEFAULT '[]';
