-- What an alert's email says of the alert besides its level (alerts v2): a move's percent and
-- window, and whether and how often it recurs, as they were when it fired.
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS percent_bp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS move_window VARCHAR(4) CHARACTER SET ascii COLLATE ascii_bin;
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS frequency VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'once';
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS cooldown_seconds INTEGER NOT NULL DEFAULT 60;
