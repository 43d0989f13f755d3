// The REST targets the Binance feed asks for: tickers of a list of symbols and 1-second klines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pricewatch::binance {

inline constexpr std::size_t max_klines = 1000;  // per request (BINANCE.md)

// /api/v3/ticker/price?symbol=X for one, ?symbols=["X","Y"] (URL-encoded) for several.
std::string ticker_target(const std::vector<std::string>& symbols);

// /api/v3/klines?symbol=X&interval=1s&startTime=..&endTime=..&limit=1000
std::string klines_target(const std::string& symbol, std::int64_t start_ms, std::int64_t end_ms);

}  // namespace pricewatch::binance
