// The REST targets the Binance feed asks for (BINANCE.md): tickers of a list of symbols, klines
// of a gap, and the list of symbols the exchange knows; and the 24-hour ticker the price route asks for.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch::binance {

inline constexpr std::size_t max_klines = 1000;  // per request (BINANCE.md)

// /api/v3/ticker/price?symbol=X for one, ?symbols=["X","Y"] (URL-encoded) for several.
std::string ticker_target(const std::vector<std::string>& symbols);

// /api/v3/ticker/24hr?symbol=X: one symbol's 24-hour ticker (weight 2). The symbol is checked
// already (letters and digits): it needs no escaping.
std::string ticker_24h_target(const std::string& symbol);

// /api/v3/klines?symbol=X&interval=1s&startTime=..&endTime=..&limit=1000
std::string klines_target(const std::string& symbol, std::string_view interval, std::int64_t start_ms,
                          std::int64_t end_ms);

// /api/v3/exchangeInfo: every symbol (weight 20; asked for hourly at most).
std::string exchange_info_target();

}  // namespace pricewatch::binance
