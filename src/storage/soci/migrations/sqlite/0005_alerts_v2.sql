-- Alerts v2 (DESIGN.md section 9): seven conditions, paused and expired alerts, recurrence,
-- expiry, notes, and every firing as a row of its own with one notification each.
-- SQLite cannot drop a CHECK or a UNIQUE, so alerts and notifications are rebuilt as
-- https://www.sqlite.org/lang_altertable.html section 7 says: a new table, the rows copied, the
-- old one dropped, the new one renamed. The migration runner turns foreign keys off around this
-- transaction and runs PRAGMA foreign_key_check before it commits (sql_dialect::foreign_keys_off).
-- The old table is dropped before the new one takes its name, so that the REFERENCES of other
-- tables, which name it, are left as they are and name the new one.

CREATE TABLE alerts_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id),
  symbol TEXT NOT NULL,
  direction TEXT NOT NULL CONSTRAINT alerts_direction_check CHECK (direction IN (
    'above', 'below', 'crossing_up', 'crossing_down', 'crossing', 'moving_up', 'moving_down')),
  -- A moving alert measures a percent, not a price: its target is zero.
  target_units INTEGER NOT NULL CONSTRAINT alerts_target_units_check CHECK (
    target_units > 0 OR (target_units = 0 AND direction IN ('moving_up', 'moving_down'))),
  status TEXT NOT NULL CONSTRAINT alerts_status_check CHECK (status IN (
    'created', 'paused', 'triggered', 'expired', 'deleted')),
  created_at INTEGER NOT NULL,
  -- The first firing.
  triggered_at INTEGER,
  triggered_units INTEGER,
  imported INTEGER NOT NULL DEFAULT 0,
  -- Moving alerts: the percent in hundredths, and the trailing window ("window" is a reserved word).
  percent_bp INTEGER NOT NULL DEFAULT 0,
  move_window TEXT CONSTRAINT alerts_move_window_check CHECK (
    (direction IN ('moving_up', 'moving_down') AND move_window IS NOT NULL
     AND move_window IN ('1m', '5m', '15m', '1h', '4h', '24h'))
    OR (direction NOT IN ('moving_up', 'moving_down') AND move_window IS NULL)),
  frequency TEXT NOT NULL DEFAULT 'once' CONSTRAINT alerts_frequency_check CHECK (frequency IN ('once', 'every_time')),
  cooldown_seconds INTEGER NOT NULL DEFAULT 60,
  expires_at INTEGER,
  note TEXT NOT NULL DEFAULT '',
  fire_count INTEGER NOT NULL DEFAULT 0,
  last_fired_at INTEGER,
  last_fired_units INTEGER,
  -- The latest firing, whose notification the alert shows as its delivery.
  last_firing_id INTEGER
);

INSERT INTO alerts_v2 (id, user_id, symbol, direction, target_units, status, created_at, triggered_at,
                       triggered_units, imported)
SELECT id, user_id, symbol, direction, target_units, status, created_at, triggered_at, triggered_units, imported
FROM alerts ORDER BY id;

-- The ids handed out go on from where the old table's counter stood.
DELETE FROM sqlite_sequence WHERE name = 'alerts_v2';
INSERT INTO sqlite_sequence (name, seq) SELECT 'alerts_v2', seq FROM sqlite_sequence WHERE name = 'alerts';

DROP TABLE alerts;
ALTER TABLE alerts_v2 RENAME TO alerts;

-- As 0001_initial.sql made them (alerts_by_user as sql_dialect::restore_bulk_indexes makes it).
CREATE INDEX alerts_by_user ON alerts (user_id, status, id);
CREATE INDEX alerts_active ON alerts (status, symbol);
-- Open alerts past their expiry, for expire_due(): only alerts that expire are indexed.
CREATE INDEX alerts_expiring ON alerts (status, expires_at) WHERE expires_at IS NOT NULL;

-- Every firing of an alert: its history. sequence is the alert's n-th firing, from 1.
CREATE TABLE firings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id INTEGER NOT NULL REFERENCES alerts (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  sequence INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  direction TEXT NOT NULL,
  target_units INTEGER NOT NULL,
  percent_bp INTEGER NOT NULL DEFAULT 0,
  price_units INTEGER NOT NULL,
  fired_at INTEGER NOT NULL,
  UNIQUE (alert_id, sequence)
);

-- A user's firings newest first; an alert's.
CREATE INDEX firings_by_user ON firings (user_id, id);
CREATE INDEX firings_by_alert ON firings (alert_id, id);

-- Every alert that fired before: its one firing, in the order they fired.
UPDATE alerts SET fire_count = 1, last_fired_at = triggered_at, last_fired_units = triggered_units
WHERE triggered_at IS NOT NULL;

INSERT INTO firings (alert_id, user_id, sequence, symbol, direction, target_units, percent_bp, price_units, fired_at)
SELECT id, user_id, 1, symbol, direction, target_units, 0, triggered_units, triggered_at
FROM alerts WHERE triggered_at IS NOT NULL ORDER BY triggered_at, id;

UPDATE alerts SET last_firing_id = (SELECT f.id FROM firings f WHERE f.alert_id = alerts.id AND f.sequence = 1)
WHERE triggered_at IS NOT NULL;

-- One notification per firing now, not per alert.
CREATE TABLE notifications_v2 (
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
  firing_id INTEGER UNIQUE REFERENCES firings (id),
  firing_sequence INTEGER NOT NULL DEFAULT 1
);

INSERT INTO notifications_v2 (id, alert_id, user_id, recipient, symbol, direction, target_units, price_units, status,
                              attempts, next_attempt_at, last_error, created_at, sent_at, firing_id, firing_sequence)
SELECT n.id, n.alert_id, n.user_id, n.recipient, n.symbol, n.direction, n.target_units, n.price_units, n.status,
       n.attempts, n.next_attempt_at, n.last_error, n.created_at, n.sent_at,
       (SELECT f.id FROM firings f WHERE f.alert_id = n.alert_id AND f.sequence = 1), 1
FROM notifications n ORDER BY n.id;

DELETE FROM sqlite_sequence WHERE name = 'notifications_v2';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'notifications_v2', seq FROM sqlite_sequence WHERE name = 'notifications';

DROP TABLE notifications;
ALTER TABLE notifications_v2 RENAME TO notifications;

-- As 0002_notifications.sql made it.
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX notifications_by_alert ON notifications (alert_id);
