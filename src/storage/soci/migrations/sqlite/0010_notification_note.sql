-- Each outbox row carries its alert's note and exchange as they stood when it fired, for the
-- message's placeholders and the webhook body (DESIGN.md section 10). Alerts have no exchange of
-- their own yet (section 11): every one follows Binance, the default here. Rows still pending
-- take their alert's note now.
ALTER TABLE notifications ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN exchange TEXT NOT NULL DEFAULT 'binance';
UPDATE notifications SET note = (SELECT a.note FROM alerts a WHERE a.id = notifications.alert_id)
WHERE status = 'pending';
