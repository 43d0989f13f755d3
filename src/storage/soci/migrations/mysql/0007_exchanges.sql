-- The exchange whose trades an alert watches (DESIGN.md section 11); every alert before was
-- Binance's. Its symbol is in that exchange's own form (BTCUSDT, BTC-USD, BTC/USD).
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS exchange VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
  DEFAULT 'binance' CHECK (exchange IN ('binance', 'binanceus', 'coinbase', 'kraken'));
