#include "alerts/alert_rules.hpp"

namespace pricewatch {

result<std::string> validate_symbol(std::string_view text) {
  const bool valid_length = text.size() >= 2 && text.size() <= 20;
  bool valid_characters = true;
  for (const char c : text) {
    valid_characters = valid_characters && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  }
  if (!valid_length || !valid_characters) {
    return make_failure(errc::validation_failed, "Symbol must be 2 to 20 upper-case letters or digits, such as BTCUSDT.");
  }
  return std::string(text);
}

result<price> validate_target(price target) {
  if (target.units() <= 0) {
    return make_failure(errc::validation_failed, "Price must be positive.");
  }
  return target;
}

}  // namespace pricewatch
