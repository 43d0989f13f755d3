-- The outbox: one notification per fired alert, the source of truth for delivery (DESIGN.md 6).
-- It carries what the email says, so that sending needs no other table.

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id INTEGER NOT NULL UNIQUE REFERENCES alerts (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  recipient TEXT NOT NULL,
  symbol TEXT NOT NULL,
  condition TEXT NOT NULL,
  target_units INTEGER NOT NULL,
  price_units INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);

-- Finding what is due to send.
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
