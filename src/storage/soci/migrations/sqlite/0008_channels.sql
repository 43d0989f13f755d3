-- Channels (DESIGN.md section 10): each user's places of delivery, the channels each alert names,
-- and one outbox row per firing and channel. Every account gets its own email channel as its
-- default, and each notification queued before names it.
-- notifications.firing_id loses its UNIQUE (one row per firing and channel now): SQLite cannot
-- drop it, so the table is rebuilt as 0005_alerts_v2.sql rebuilt it.

CREATE TABLE channels (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id),
  type TEXT NOT NULL CHECK (type IN ('email', 'webhook', 'telegram', 'discord', 'slack', 'ntfy')),
  name TEXT NOT NULL,
  -- Where it sends, in one line (notifications.recipient); config holds every field as JSON.
  recipient TEXT NOT NULL,
  config TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'unverified', 'disabled', 'deleted')),
  status_reason TEXT,
  is_default INTEGER NOT NULL DEFAULT 0,
  permanent_failures INTEGER NOT NULL DEFAULT 0,
  -- Webhooks: the signing secret, and the one a rotation replaced while it still signs.
  secret TEXT NOT NULL DEFAULT '',
  previous_secret TEXT,
  -- An email address other than the account's: the token its confirmation link carries.
  verify_token TEXT,
  previous_secret_until INTEGER,
  created_at INTEGER NOT NULL
);

CREATE INDEX channels_by_user ON channels (user_id, id);
CREATE UNIQUE INDEX channels_by_verify_token ON channels (verify_token);

-- The channels an alert names; an alert with none goes to its owner's defaults.
CREATE TABLE alert_channels (
  alert_id INTEGER NOT NULL REFERENCES alerts (id),
  channel_id INTEGER NOT NULL REFERENCES channels (id),
  PRIMARY KEY (alert_id, channel_id)
);

INSERT INTO channels (user_id, type, name, recipient, config, status, is_default, created_at)
SELECT id, 'email', 'Email', email, json_object('address', email), 'active', 1, created_at FROM users ORDER BY id;

CREATE TABLE notifications_v3 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id INTEGER NOT NULL REFERENCES alerts (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  recipient TEXT NOT NULL,
  symbol TEXT NOT NULL,
  direction TEXT NOT NULL,
  target_units INTEGER NOT NULL,
  price_units INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
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
  UNIQUE (firing_id, channel_id)
);

INSERT INTO notifications_v3 (id, alert_id, user_id, recipient, symbol, direction, target_units, price_units, status,
                              attempts, next_attempt_at, last_error, created_at, sent_at, firing_id, firing_sequence,
                              percent_bp, move_window, frequency, cooldown_seconds, channel_id, channel_type)
SELECT n.id, n.alert_id, n.user_id, n.recipient, n.symbol, n.direction, n.target_units, n.price_units, n.status,
       n.attempts, n.next_attempt_at, n.last_error, n.created_at, n.sent_at, n.firing_id, n.firing_sequence,
       n.percent_bp, n.move_window, n.frequency, n.cooldown_seconds,
       (SELECT c.id FROM channels c WHERE c.user_id = n.user_id AND c.type = 'email'), 'email'
FROM notifications n ORDER BY n.id;

DELETE FROM sqlite_sequence WHERE name = 'notifications_v3';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'notifications_v3', seq FROM sqlite_sequence WHERE name = 'notifications';

DROP TABLE notifications;
ALTER TABLE notifications_v3 RENAME TO notifications;

-- As 0002_notifications.sql and 0005_alerts_v2.sql made them.
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX notifications_by_alert ON notifications (alert_id);

-- When each user wants deliveries: their IANA time zone, quiet hours in it (minutes after
-- midnight; none when NULL) and a digest window in seconds (0: none).
ALTER TABLE users ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE users ADD COLUMN quiet_start INTEGER;
ALTER TABLE users ADD COLUMN quiet_end INTEGER;
ALTER TABLE users ADD COLUMN digest_seconds INTEGER NOT NULL DEFAULT 0;
