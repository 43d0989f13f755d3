-- The schema of sqlite/0001-0003 for MySQL and MariaDB: accounts, alerts, the outbox and settings.
-- Times are integer milliseconds since the Unix epoch (UTC); prices are integers in 1e-8 units.
-- Indexed text is VARCHAR (MySQL cannot index TEXT whole); email_key compares bytes, since it is
-- already lower-cased by the service.

CREATE TABLE users (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(320) NOT NULL,
  email_key VARCHAR(320) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL UNIQUE,
  password_hash VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE alerts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  symbol VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  direction VARCHAR(8) NOT NULL CHECK (direction IN ('above', 'below')),
  target_units BIGINT NOT NULL CHECK (target_units > 0),
  status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL CHECK (status IN ('created', 'triggered', 'deleted')),
  created_at BIGINT NOT NULL,
  triggered_at BIGINT NULL,
  triggered_units BIGINT NULL,
  FOREIGN KEY (user_id) REFERENCES users (id),
  -- Listing one user's alerts, newest first, optionally by status.
  INDEX alerts_by_user (user_id, status, id),
  -- Loading the active alerts (of some symbols) for a watcher.
  INDEX alerts_active (status, symbol, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE settings (
  name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE notifications (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  alert_id BIGINT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL,
  recipient VARCHAR(320) NOT NULL,
  symbol VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  direction VARCHAR(8) NOT NULL,
  target_units BIGINT NOT NULL,
  price_units BIGINT NOT NULL,
  status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT NULL,
  FOREIGN KEY (alert_id) REFERENCES alerts (id),
  FOREIGN KEY (user_id) REFERENCES users (id),
  -- Finding what is due to send.
  INDEX notifications_due (status, next_attempt_at, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
