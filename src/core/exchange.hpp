// The exchanges pricewatch can follow (DESIGN.md section 11), by the names the configuration, the
// API and the database use for them.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace pricewatch {

enum class exchange_id { binance, binanceus, coinbase, kraken };
inline constexpr std::size_t exchange_count = 4;

// "binance", "binanceus", "coinbase", "kraken".
std::string_view exchange_name(exchange_id exchange);

// "Binance", "Binance.US", "Coinbase", "Kraken": the name people know it by, for messages.
std::string_view exchange_title(exchange_id exchange);

// The exchange of that name (exactly as exchange_name writes it), or nullopt.
std::optional<exchange_id> exchange_named(std::string_view name);

// Every exchange, in the order above.
std::span<const exchange_id> all_exchanges();

}  // namespace pricewatch
