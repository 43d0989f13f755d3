-- Alerts v2 (DESIGN.md section 9): seven conditions, paused and expired alerts, recurrence,
-- expiry, notes, and every firing as a row of its own with one notification each.
-- MariaDB keeps a CHECK written on a column (0001_initial.sql) as part of that column, named
-- after it (information_schema.CHECK_CONSTRAINTS, LEVEL Column): DROP CONSTRAINT does not reach
-- it, redefining the column (MODIFY) drops it. The new checks are table constraints, named as
-- PostgreSQL names its own. The unique key on notifications.alert_id is named `alert_id`.
-- DDL commits at once here, and the transaction around the migration with it: every statement
-- can run again (IF [NOT] EXISTS, NOT EXISTS), so that a migration cut short is finished by the
-- next start.

CREATE TABLE IF NOT EXISTS firings (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  alert_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  sequence BIGINT NOT NULL,
  symbol VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  direction VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  target_units BIGINT NOT NULL,
  percent_bp INT NOT NULL DEFAULT 0,
  price_units BIGINT NOT NULL,
  fired_at BIGINT NOT NULL,
  CONSTRAINT firings_alert FOREIGN KEY (alert_id) REFERENCES alerts (id),
  CONSTRAINT firings_user FOREIGN KEY (user_id) REFERENCES users (id),
  -- sequence is the alert's n-th firing, from 1.
  UNIQUE KEY firings_alert_sequence (alert_id, sequence),
  -- A user's firings newest first; an alert's.
  INDEX firings_by_user (user_id, id),
  INDEX firings_by_alert (alert_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

ALTER TABLE alerts
  MODIFY direction VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  MODIFY target_units BIGINT NOT NULL,
  MODIFY status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- Moving alerts: the percent in hundredths, and the trailing window ("window" is a reserved word).
  ADD COLUMN IF NOT EXISTS percent_bp INT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS move_window VARCHAR(4) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN IF NOT EXISTS frequency VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'once',
  ADD COLUMN IF NOT EXISTS cooldown_seconds INT NOT NULL DEFAULT 60,
  ADD COLUMN IF NOT EXISTS expires_at BIGINT NULL,
  ADD COLUMN IF NOT EXISTS note TEXT NOT NULL DEFAULT (''),
  ADD COLUMN IF NOT EXISTS fire_count BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS last_fired_at BIGINT NULL,
  ADD COLUMN IF NOT EXISTS last_fired_units BIGINT NULL,
  -- The latest firing, whose notification the alert shows as its delivery.
  ADD COLUMN IF NOT EXISTS last_firing_id BIGINT NULL,
  ADD CONSTRAINT IF NOT EXISTS alerts_direction_check CHECK (direction IN (
    'above', 'below', 'crossing_up', 'crossing_down', 'crossing', 'moving_up', 'moving_down')),
  -- A moving alert measures a percent, not a price: its target is zero.
  ADD CONSTRAINT IF NOT EXISTS alerts_target_units_check CHECK (
    target_units > 0 OR (target_units = 0 AND direction IN ('moving_up', 'moving_down'))),
  ADD CONSTRAINT IF NOT EXISTS alerts_status_check CHECK (status IN ('created', 'paused', 'triggered', 'expired', 'deleted')),
  ADD CONSTRAINT IF NOT EXISTS alerts_move_window_check CHECK (
    (direction IN ('moving_up', 'moving_down') AND move_window IS NOT NULL
     AND move_window IN ('1m', '5m', '15m', '1h', '4h', '24h'))
    OR (direction NOT IN ('moving_up', 'moving_down') AND move_window IS NULL)),
  ADD CONSTRAINT IF NOT EXISTS alerts_frequency_check CHECK (frequency IN ('once', 'every_time')),
  -- Open alerts past their expiry, for expire_due().
  ADD INDEX IF NOT EXISTS alerts_expiring (status, expires_at);

-- One notification per firing now, not per alert: the unique key on alert_id goes, after an
-- index that keeps its foreign key served.
ALTER TABLE notifications
  MODIFY direction VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  ADD COLUMN IF NOT EXISTS firing_id BIGINT NULL,
  ADD COLUMN IF NOT EXISTS firing_sequence BIGINT NOT NULL DEFAULT 1,
  ADD INDEX IF NOT EXISTS notifications_by_alert (alert_id),
  DROP INDEX IF EXISTS alert_id,
  ADD UNIQUE KEY IF NOT EXISTS notifications_firing_id_key (firing_id),
  ADD CONSTRAINT notifications_firing FOREIGN KEY IF NOT EXISTS (firing_id) REFERENCES firings (id);

-- Every alert that fired before: its one firing, in the order they fired.
UPDATE alerts SET fire_count = 1, last_fired_at = triggered_at, last_fired_units = triggered_units
WHERE triggered_at IS NOT NULL;

INSERT INTO firings (alert_id, user_id, sequence, symbol, direction, target_units, percent_bp, price_units, fired_at)
SELECT id, user_id, 1, symbol, direction, target_units, 0, triggered_units, triggered_at
FROM alerts WHERE triggered_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM firings f WHERE f.alert_id = alerts.id)
ORDER BY triggered_at, id;

UPDATE alerts SET last_firing_id = (SELECT f.id FROM firings f WHERE f.alert_id = alerts.id AND f.sequence = 1)
WHERE triggered_at IS NOT NULL;

UPDATE notifications SET firing_id = (SELECT f.id FROM firings f WHERE f.alert_id = notifications.alert_id AND f.sequence = 1);
