#include "alerts/alert_rules.hpp"

namespace pricewatch {
namespace {

failure invalid(std::string message) { return make_failure(errc::validation_failed, std::move(message)); }

// Code points of valid UTF-8 (the JSON parser has checked it): bytes that do not continue one.
std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

}  // namespace

result<std::string> validate_symbol(std::string_view text) {
  const bool valid_length = text.size() >= 2 && text.size() <= 20;
  bool valid_characters = true;
  for (const char c : text) {
    valid_characters = valid_characters && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  }
  if (!valid_length || !valid_characters) {
    return invalid("Symbol must be 2 to 20 upper-case letters or digits, such as BTCUSDT.");
  }
  return std::string(text);
}

namespace {

bool symbol_character(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// BASE<separator>QUOTE, each one to ten letters or digits.
bool joined_pair(std::string_view text, char separator) {
  const auto at = text.find(separator);
  if (at == std::string_view::npos || at == 0 || at > 10 || text.size() - at - 1 == 0 || text.size() - at - 1 > 10) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != at && !symbol_character(text[i])) return false;
  }
  return true;
}

}  // namespace

result<std::string> validate_symbol(std::string_view text, exchange_id exchange) {
  switch (exchange) {
    case exchange_id::binance:
    case exchange_id::binanceus:
      return validate_symbol(text);
    case exchange_id::coinbase:
      if (!joined_pair(text, '-')) return invalid("A Coinbase symbol is two upper-case names joined by -, such as BTC-USD.");
      return std::string(text);
    case exchange_id::kraken:
      if (!joined_pair(text, '/')) return invalid("A Kraken symbol is two upper-case names joined by /, such as BTC/USD.");
      return std::string(text);
  }
  return validate_symbol(text);
}

result<std::string> validate_any_symbol(std::string_view text) {
  if (joined_pair(text, '-') || joined_pair(text, '/')) return std::string(text);
  auto binance = validate_symbol(text);
  if (!binance) return invalid("A symbol is written as its exchange writes it, such as BTCUSDT, BTC-USD or BTC/USD.");
  return binance;
}

result<price> validate_target(price target) {
  if (target.units() <= 0) {
    return invalid("Price must be positive.");
  }
  return target;
}

result<std::int32_t> validate_percent(price percent) {
  constexpr std::int64_t units_per_bp = price::units_per_whole / 100;
  const auto units = percent.units();
  if (units % units_per_bp != 0 || units < min_percent_bp * units_per_bp || units > max_percent_bp * units_per_bp) {
    return invalid("Percent must be from 0.01 to 1000, with at most two decimals.");
  }
  return static_cast<std::int32_t>(units / units_per_bp);
}

result<alert_request> validate_request(alert_request request, time_point now, std::optional<time_point> kept_expiry) {
  auto symbol = validate_symbol(request.symbol, request.exchange);
  if (!symbol) return symbol.error();
  request.symbol = std::move(*symbol);
  if (is_moving(request.condition)) {
    if (request.target.units() != 0) return invalid("A moving alert takes a percent and a window, not a price.");
    if (request.percent_bp < min_percent_bp || request.percent_bp > max_percent_bp) {
      return invalid("A moving alert needs a percent from 0.01 to 1000.");
    }
  } else {
    if (request.percent_bp != 0) return invalid("Percent and window are for moving_up and moving_down alerts.");
    if (auto target = validate_target(request.target); !target) return target.error();
  }
  if (request.cooldown < min_cooldown || request.cooldown > max_cooldown) {
    return invalid("cooldown_seconds must be from 10 to 2592000 (30 days).");
  }
  if (request.expires_at && request.expires_at != kept_expiry && *request.expires_at <= now) {
    return invalid("expires_at must be in the future.");
  }
  if (characters(request.note) > max_note_characters) {
    return invalid("A note has at most 500 characters.");
  }
  return request;
}

}  // namespace pricewatch
