-- Rows carried over from the original service by `pricewatch import-original` are marked, so that
-- a second run recognises them and a database holding anything else is told apart (--merge).

ALTER TABLE users ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
