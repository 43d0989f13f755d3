-- Channels (DESIGN.md section 10): each user's places of delivery, the channels each alert names,
-- and one outbox row per firing and channel. Every account gets its own email channel as its
-- default, and each notification queued before names it. MariaDB's DDL does not roll back, so each
-- step may run again after a failure (IF NOT EXISTS; the backfills skip rows already done).

CREATE TABLE IF NOT EXISTS channels (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  type VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    CHECK (type IN ('email', 'webhook', 'telegram', 'discord', 'slack', 'ntfy')),
  name VARCHAR(400) NOT NULL,
  -- Where it sends, in one line (notifications.recipient); config holds every field as JSON.
  recipient TEXT NOT NULL,
  config TEXT NOT NULL,
  status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
    CHECK (status IN ('active', 'unverified', 'disabled', 'deleted')),
  status_reason TEXT NULL,
  is_default INT NOT NULL DEFAULT 0,
  permanent_failures INT NOT NULL DEFAULT 0,
  -- Webhooks: the signing secret, and the one a rotation replaced while it still signs.
  secret VARCHAR(128) NOT NULL DEFAULT '',
  previous_secret VARCHAR(128) NULL,
  -- An email address other than the account's: the token its confirmation link carries.
  verify_token VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  previous_secret_until BIGINT NULL,
  created_at BIGINT NOT NULL,
  FOREIGN KEY (user_id) REFERENCES users (id),
  INDEX channels_by_user (user_id, id),
  UNIQUE KEY channels_by_verify_token (verify_token)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The channels an alert names; an alert with none goes to its owner's defaults.
CREATE TABLE IF NOT EXISTS alert_channels (
  alert_id BIGINT NOT NULL,
  channel_id BIGINT NOT NULL,
  PRIMARY KEY (alert_id, channel_id),
  FOREIGN KEY (alert_id) REFERENCES alerts (id),
  FOREIGN KEY (channel_id) REFERENCES channels (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO channels (user_id, type, name, recipient, config, status, is_default, created_at)
SELECT u.id, 'email', 'Email', u.email, JSON_OBJECT('address', u.email), 'active', 1, u.created_at FROM users u
WHERE NOT EXISTS (SELECT 1 FROM channels c WHERE c.user_id = u.id AND c.type = 'email') ORDER BY u.id;

-- One row per firing and channel: the unique key on (firing_id, channel_id) also serves the
-- foreign key on firing_id that the single-column key served.
ALTER TABLE notifications
  ADD COLUMN IF NOT EXISTS channel_id BIGINT NULL,
  ADD COLUMN IF NOT EXISTS channel_type VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'email',
  -- Held by quiet hours or a digest window until then; released, it goes out in a digest.
  ADD COLUMN IF NOT EXISTS held_until BIGINT NULL,
  ADD UNIQUE KEY IF NOT EXISTS notifications_firing_channel (firing_id, channel_id),
  ADD CONSTRAINT notifications_channel FOREIGN KEY IF NOT EXISTS (channel_id) REFERENCES channels (id);

ALTER TABLE notifications DROP INDEX IF EXISTS notifications_firing_id_key;

UPDATE notifications SET channel_id = (SELECT c.id FROM channels c WHERE c.user_id = notifications.user_id AND c.type = 'email')
WHERE channel_id IS NULL;

-- When each user wants deliveries: their IANA time zone, quiet hours in it (minutes after
-- midnight; none when NULL) and a digest window in seconds (0: none).
ALTER TABLE users
  ADD COLUMN IF NOT EXISTS timezone VARCHAR(64) NOT NULL DEFAULT 'UTC',
  ADD COLUMN IF NOT EXISTS quiet_start INT NULL,
  ADD COLUMN IF NOT EXISTS quiet_end INT NULL,
  ADD COLUMN IF NOT EXISTS digest_seconds INT NOT NULL DEFAULT 0;
