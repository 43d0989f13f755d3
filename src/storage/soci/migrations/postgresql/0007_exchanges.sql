-- The exchange whose trades an alert watches (DESIGN.md section 11); every alert before was
-- Binance's. Its symbol is in that exchange's own form (BTCUSDT, BTC-USD, BTC/USD).
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS exchange TEXT NOT NULL DEFAULT 'binance'
  CHECK (exchange IN ('binance', 'binanceus', 'coinbase', 'kraken'));
