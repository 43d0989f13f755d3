// exchanges.js: the exchanges an alert may follow (DESIGN.md section 11), as the API names them,
// with the name people know them by and how each writes a symbol (the form's placeholder and
// hint). A price or an alert is always said with its exchange: "BTC-USD on Coinbase".

export const DEFAULT_EXCHANGE = 'binance';

export const EXCHANGES = {
  binance: { label: 'Binance', example: 'BTCUSDT', form: 'Binance writes a pair as one word, such as BTCUSDT.' },
  binanceus: { label: 'Binance.US', example: 'BTCUSD', form: 'Binance.US writes a pair as one word, such as BTCUSD.' },
  coinbase: { label: 'Coinbase', example: 'BTC-USD', form: 'Coinbase writes a pair with a dash, such as BTC-USD.' },
  kraken: { label: 'Kraken', example: 'BTC/USD', form: 'Kraken writes a pair with a slash, such as BTC/USD.' },
};

// "coinbase" -> "Coinbase"; an exchange this page does not know is shown by its API name.
export const exchangeLabel = (exchange) => (EXCHANGES[exchange] || { label: exchange }).label;

// An alert or a firing without an exchange (an older server) is Binance's, as the API reads it.
export const exchangeOf = (item) => (item && item.exchange) || DEFAULT_EXCHANGE;

// "BTC-USD on Coinbase".
export const marketWords = (exchange, symbol) => `${symbol} on ${exchangeLabel(exchange)}`;

// One key per exchange and symbol, for maps and test ids: Binance's symbols stay as they are
// ("BTCUSDT"), the others are prefixed ("coinbase-BTC-USD", "kraken-BTC/USD").
export const marketKey = (exchange, symbol) => (exchange === DEFAULT_EXCHANGE ? symbol : `${exchange}-${symbol}`);

// The path of a symbol's price on its exchange: /api/v1/prices/kraken/BTC/USD (a Kraken pair's
// slash stays a path separator, which the API reads back as the pair).
export const pricePath = (exchange, symbol) =>
  `/api/v1/prices/${encodeURIComponent(exchange)}/${symbol.split('/').map(encodeURIComponent).join('/')}`;
