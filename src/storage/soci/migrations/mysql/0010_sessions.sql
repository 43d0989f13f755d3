-- Sessions and the account's lifecycle (issue 16), as sqlite/0012_sessions.sql: refresh token
-- families, single-use password reset links (SHA-256 hashes only), and the moment before which an
-- account's access tokens no longer count. MariaDB's DDL does not roll back, so each step may run
-- again after a failure (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS refresh_tokens (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  family VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  token_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT NULL,
  revoked_at BIGINT NULL,
  FOREIGN KEY (user_id) REFERENCES users (id),
  UNIQUE KEY refresh_tokens_by_hash (token_hash),
  INDEX refresh_tokens_by_family (family),
  INDEX refresh_tokens_by_user (user_id, expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS password_resets (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  token_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT NULL,
  FOREIGN KEY (user_id) REFERENCES users (id),
  UNIQUE KEY password_resets_by_hash (token_hash),
  INDEX password_resets_by_user (user_id, expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

ALTER TABLE users ADD COLUMN IF NOT EXISTS tokens_valid_from BIGINT NOT NULL DEFAULT 0;
