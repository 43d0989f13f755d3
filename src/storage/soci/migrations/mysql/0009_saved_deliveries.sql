-- A notification only written to the outbox folder (no mail server) is saved, never sent. The
-- column's CHECK is part of its definition: MODIFY replaces both.
ALTER TABLE notifications MODIFY status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
  CHECK (status IN ('pending', 'sent', 'saved', 'failed'));
