-- Each outbox row carries its alert's note and exchange as they stood when it fired, for the
-- message's placeholders and the webhook body (DESIGN.md section 10). Alerts have no exchange of
-- their own yet (section 11): every one follows Binance, the default here. Rows still pending
-- take their alert's note now. MariaDB's DDL does not roll back: each step may run again.
ALTER TABLE notifications
  ADD COLUMN IF NOT EXISTS note TEXT NOT NULL DEFAULT (''),
  ADD COLUMN IF NOT EXISTS exchange VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'binance';
UPDATE notifications SET note = (SELECT a.note FROM alerts a WHERE a.id = notifications.alert_id)
WHERE status = 'pending';
