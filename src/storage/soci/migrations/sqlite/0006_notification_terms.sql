-- What an alert's email says of the alert besides its level (alerts v2): a move's percent and
-- window, and whether and how often it recurs, as they were when it fired.
ALTER TABLE notifications ADD COLUMN percent_bp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN move_window TEXT;
ALTER TABLE notifications ADD COLUMN frequency TEXT NOT NULL DEFAULT 'once';
ALTER TABLE notifications ADD COLUMN cooldown_seconds INTEGER NOT NULL DEFAULT 60;
