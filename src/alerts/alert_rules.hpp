// The rules an alert's fields must follow, shared by every route that accepts them (DESIGN.md
// sections 4 and 9).
#pragma once

#include "alerts/alert.hpp"
#include "core/clock.hpp"
#include "core/failure.hpp"
#include "core/price.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch {

inline constexpr std::int32_t min_percent_bp = 1;        // 0.01 %
inline constexpr std::int32_t max_percent_bp = 100'000;  // 1000 %
inline constexpr std::chrono::seconds min_cooldown{10};
inline constexpr std::chrono::seconds max_cooldown{std::chrono::days(30)};
inline constexpr std::chrono::seconds default_cooldown{60};
inline constexpr std::size_t max_note_characters = 500;

// A symbol is 2 to 20 upper-case letters or digits, as Binance names pairs ("BTCUSDT").
result<std::string> validate_symbol(std::string_view text);
// A symbol in the exchange's own form: Binance and Binance.US as above; Coinbase two upper-case
// names of letters or digits joined by '-' ("BTC-USD"), Kraken joined by '/' ("BTC/USD"); at most
// 20 characters. validation_failed with an example of the exchange's form.
result<std::string> validate_symbol(std::string_view text, exchange_id exchange);
// A symbol in any exchange's form (a filter that names no exchange).
result<std::string> validate_any_symbol(std::string_view text);

// A target price is strictly positive.
result<price> validate_target(price target);

// A percent of a moving alert: 0.01 to 1000 with at most two decimals, as hundredths (basis points).
result<std::int32_t> validate_percent(price percent);

// A whole request, at `now`: the symbol in its exchange's form; a level or crossing has a positive price and no percent,
// a moving alert a percent and no price; a cooldown within its bounds; an expiry in the future
// (unless it is kept_expiry, the alert's own, which a change that leaves it alone does not check
// again); a note of at most 500 characters.
result<alert_request> validate_request(alert_request request, time_point now,
                                       std::optional<time_point> kept_expiry = std::nullopt);

}  // namespace pricewatch
