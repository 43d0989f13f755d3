#include "core/price.hpp"

#include "core/ascii.hpp"

#include <charconv>
#include <cmath>

namespace pricewatch {
namespace {

result<price> invalid(std::string message) { return make_failure(errc::validation_failed, std::move(message)); }

}  // namespace

result<price> price::parse(std::string_view text) {
  if (text.empty()) {
    return invalid("Price must be a number.");
  }
  const auto dot = text.find('.');
  const auto whole = text.substr(0, dot);
  const auto fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty())) {
    return invalid("Price must be a decimal number such as 51000 or 51000.5.");
  }
  for (const char c : whole) {
    if (!ascii_digit(c)) {
      return invalid(text.front() == '-' ? "Price must be positive." : "Price must be a number.");
    }
  }
  for (const char c : fraction) {
    if (!ascii_digit(c)) {
      return invalid("Price must be a number.");
    }
  }
  if (fraction.size() > static_cast<std::size_t>(decimals)) {
    return invalid("Price must have at most 8 decimal places.");
  }
  // Leading zeros carry no value; skipping them keeps the length check below honest.
  const auto significant = whole.substr(std::min(whole.find_first_not_of('0'), whole.size()));
  if (significant.size() > 11) {
    return invalid("Price is too large.");
  }
  std::int64_t units = 0;
  for (const char c : significant) {
    units = units * 10 + (c - '0');
  }
  // Eleven digits fit in int64 as a whole number but not once scaled: check before scaling.
  if (units > max_units / units_per_whole) {
    return invalid("Price is too large.");
  }
  units *= units_per_whole;
  std::int64_t scale = units_per_whole / 10;
  for (const char c : fraction) {
    units += (c - '0') * scale;
    scale /= 10;
  }
  if (units > max_units) {
    return invalid("Price is too large.");
  }
  return price(units);
}

result<price> price::from_double(double value) {
  if (!std::isfinite(value)) {
    return invalid("Price must be a number.");
  }
  if (value < 0) {
    return invalid("Price must be positive.");
  }
  char buffer[64];
  // Fixed notation without a precision is the shortest text that reads back as the same double.
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (error != std::errc{}) {
    return invalid("Price is too large.");
  }
  return parse_rounded(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

std::string price::to_string(int min_decimals) const {
  const bool negative = units_ < 0;
  // Work in unsigned so that the most negative value cannot overflow on negation.
  const auto magnitude = negative ? 0 - static_cast<std::uint64_t>(units_) : static_cast<std::uint64_t>(units_);
  std::string text = negative ? "-" : "";
  text += std::to_string(magnitude / units_per_whole);
  std::string fraction = std::to_string(magnitude % units_per_whole);
  fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
  std::size_t keep = fraction.find_last_not_of('0');
  keep = keep == std::string::npos ? 0 : keep + 1;
  keep = std::max(keep, static_cast<std::size_t>(std::clamp(min_decimals, 0, decimals)));
  if (keep > 0) {
    text += '.';
    text += fraction.substr(0, keep);
  }
  return text;
}

}  // namespace pricewatch
