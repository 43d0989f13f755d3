-- Accounts, alerts and the service's own settings.
-- Times are integer milliseconds since the Unix epoch (UTC); prices are integers in 1e-8 units.

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id),
  symbol TEXT NOT NULL,
  condition TEXT NOT NULL CHECK (condition IN ('above', 'below')),
  target_units INTEGER NOT NULL CHECK (target_units > 0),
  status TEXT NOT NULL CHECK (status IN ('created', 'triggered', 'deleted')),
  created_at INTEGER NOT NULL,
  triggered_at INTEGER,
  triggered_units INTEGER
);

-- Listing one user's alerts, newest first, optionally by status.
CREATE INDEX alerts_by_user ON alerts (user_id, status, id);

-- Loading the active alerts of a symbol for the watcher.
CREATE INDEX alerts_active ON alerts (status, symbol);

CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
