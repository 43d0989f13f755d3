-- A notification only written to the outbox folder (no mail server) is saved, never sent: the
-- status constraint gains 'saved'. SQLite cannot change a CHECK, so the table is rebuilt as
-- 0008_channels.sql rebuilt it, every column (0010's note and exchange too) and row as they were.

CREATE TABLE notifications_v4 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id INTEGER NOT NULL REFERENCES alerts (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  recipient TEXT NOT NULL,
  symbol TEXT NOT NULL,
  direction TEXT NOT NULL,
  target_units INTEGER NOT NULL,
  price_units INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'saved', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  firing_id INTEGER REFERENCES firings (id),
  firing_sequence INTEGER NOT NULL DEFAULT 1,
  percent_bp INTEGER NOT NULL DEFAULT 0,
  move_window TEXT,
  frequency TEXT NOT NULL DEFAULT 'once',
  cooldown_seconds INTEGER NOT NULL DEFAULT 60,
  channel_id INTEGER REFERENCES channels (id),
  channel_type TEXT NOT NULL DEFAULT 'email',
  -- Held by quiet hours or a digest window until then; released, it goes out in a digest.
  held_until INTEGER,
  note TEXT NOT NULL DEFAULT '',
  exchange TEXT NOT NULL DEFAULT 'binance',
  UNIQUE (firing_id, channel_id)
);

INSERT INTO notifications_v4 (id, alert_id, user_id, recipient, symbol, direction, target_units, price_units, status,
                              attempts, next_attempt_at, last_error, created_at, sent_at, firing_id, firing_sequence,
                              percent_bp, move_window, frequency, cooldown_seconds, channel_id, channel_type,
                              held_until, note, exchange)
SELECT id, alert_id, user_id, recipient, symbol, direction, target_units, price_units, status,
       attempts, next_attempt_at, last_error, created_at, sent_at, firing_id, firing_sequence,
       percent_bp, move_window, frequency, cooldown_seconds, channel_id, channel_type, held_until, note, exchange
FROM notifications ORDER BY id;

DELETE FROM sqlite_sequence WHERE name = 'notifications_v4';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'notifications_v4', seq FROM sqlite_sequence WHERE name = 'notifications';

DROP TABLE notifications;
ALTER TABLE notifications_v4 RENAME TO notifications;

-- As 0008_channels.sql made them.
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX notifications_by_alert ON notifications (alert_id);
