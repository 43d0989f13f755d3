#include "core/exchange.hpp"

#include <array>

namespace pricewatch {
namespace {

constexpr std::array exchanges{exchange_id::binance, exchange_id::binanceus, exchange_id::coinbase, exchange_id::kraken};

}  // namespace

std::string_view exchange_name(exchange_id exchange) {
  switch (exchange) {
    case exchange_id::binance:
      return "binance";
    case exchange_id::binanceus:
      return "binanceus";
    case exchange_id::coinbase:
      return "coinbase";
    case exchange_id::kraken:
      return "kraken";
  }
  return "unknown";
}

std::string_view exchange_title(exchange_id exchange) {
  switch (exchange) {
    case exchange_id::binance:
      return "Binance";
    case exchange_id::binanceus:
      return "Binance.US";
    case exchange_id::coinbase:
      return "Coinbase";
    case exchange_id::kraken:
      return "Kraken";
  }
  return "an unknown exchange";
}

std::optional<exchange_id> exchange_named(std::string_view name) {
  for (const auto exchange : exchanges) {
    if (exchange_name(exchange) == name) return exchange;
  }
  return std::nullopt;
}

std::span<const exchange_id> all_exchanges() { return exchanges; }

}  // namespace pricewatch
