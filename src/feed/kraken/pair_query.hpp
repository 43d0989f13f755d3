// The REST targets the Kraken feed asks for: tickers of a list of pairs, one pair's one-minute
// OHLC candles since a time, and the asset pairs. Pairs are named by their REST names
// ("XBTUSD"); assetVersion=1 makes the answers name them as the WebSocket v2 does ("BTC/USD").
#pragma once

#include "core/clock.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace pricewatch::kraken {

inline constexpr std::size_t max_candles = 720;         // Kraken keeps the last 720 candles of an interval
inline constexpr std::size_t pairs_per_ticker = 50;     // per Ticker request, keeping the URL short

// /0/public/Ticker?pair=XBTUSD,ETHUSD&assetVersion=1
std::string ticker_target(const std::vector<std::string>& rest_names);

// /0/public/OHLC?pair=XBTUSD&interval=1&since=<unix seconds>&assetVersion=1
std::string ohlc_target(const std::string& rest_name, time_point since);

// /0/public/AssetPairs?assetVersion=1
std::string asset_pairs_target();

}  // namespace pricewatch::kraken
