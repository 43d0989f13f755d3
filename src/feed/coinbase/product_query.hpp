// The REST targets the Coinbase feed asks for: a product's ticker and candles, and the product list.
#pragma once

#include "core/clock.hpp"

#include <cstddef>
#include <string>

namespace pricewatch::coinbase {

inline constexpr std::size_t max_candles = 300;  // per request; more is refused
inline constexpr int candle_granularity = 60;    // seconds: the finest candles

// /products/BTC-USD/ticker
std::string ticker_target(const std::string& product);

// /products/BTC-USD/candles?granularity=60&start=<RFC 3339>&end=<RFC 3339>
std::string candles_target(const std::string& product, time_point start, time_point end);

// /products
std::string products_target();

}  // namespace pricewatch::coinbase
