// price::parse_rounded: the decimal grammar of Python's Decimal(), which the original service's
// clients relied on, rounded half-even to price's 8 decimals (ORIGINAL_API.md, "Create").
#include "core/price.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

namespace pricewatch {
namespace {

result<price> invalid(std::string message) { return make_failure(errc::validation_failed, std::move(message)); }

// A number written as digits x 10^exponent, the digits without leading zeros.
struct scientific {
  std::string digits;
  std::int64_t exponent = 0;
};

// Appends the digits at the start of text to out and returns how many there were.
std::size_t read_digits(std::string_view text, std::string& out) {
  std::size_t at = 0;
  while (at < text.size() && ascii_digit(text[at])) out += text[at++];
  return at;
}

// Parses [digits]['.' [digits]][('e'|'E') [sign] digits] with at least one digit before the
// exponent; nullopt for anything else.
std::optional<scientific> read_unsigned_decimal(std::string_view text) {
  scientific number;
  std::size_t at = read_digits(text, number.digits);
  std::size_t fraction_digits = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const auto before = number.digits.size();
    at += read_digits(text.substr(at), number.digits);
    fraction_digits = number.digits.size() - before;
  }
  if (number.digits.empty()) {
    return std::nullopt;
  }
  std::int64_t exponent = 0;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    const bool negative = at < text.size() && text[at] == '-';
    if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
    std::string written;
    const auto read = read_digits(text.substr(at), written);
    if (read == 0) {
      return std::nullopt;
    }
    at += read;
    // Saturate: any exponent beyond a billion is as far out of range as a billion.
    for (const char c : written) {
      exponent = std::min<std::int64_t>(exponent * 10 + (c - '0'), 1'000'000'000);
    }
    if (negative) exponent = -exponent;
  }
  if (at != text.size()) {
    return std::nullopt;
  }
  number.exponent = exponent - static_cast<std::int64_t>(fraction_digits);
  const auto first = number.digits.find_first_not_of('0');
  number.digits.erase(0, first == std::string::npos ? number.digits.size() : first);
  return number;
}

// The number in units of 1e-8, rounded half-even; nullopt when it is above max_units.
std::optional<std::int64_t> to_units(const scientific& number, std::int64_t max_units) {
  const auto& digits = number.digits;
  const auto size = static_cast<std::int64_t>(digits.size());
  const std::int64_t shift = number.exponent + price::decimals;  // units = digits x 10^shift
  // Digits left of the units point; twenty of them are above max_units (about 1e18) whatever
  // they are, and nineteen still fit in uint64.
  if (size + shift > 19) {
    return std::nullopt;
  }
  const auto kept = static_cast<std::size_t>(std::clamp<std::int64_t>(size + shift, 0, size));
  std::uint64_t units = 0;
  for (std::size_t i = 0; i < kept; ++i) units = units * 10 + static_cast<std::uint64_t>(digits[i] - '0');
  for (std::int64_t i = 0; i < shift; ++i) units *= 10;
  if (kept < digits.size()) {
    // The dropped part against one half: its first digit (an implied 0 when the digits start
    // further right than the first dropped place), then whether anything after it is not zero.
    const bool starts_further_right = size + shift < 0;
    const char first = starts_further_right ? '0' : digits[kept];
    const auto rest = std::string_view(digits).substr(starts_further_right ? 0 : kept + 1);
    const bool rest_is_zero = rest.find_first_not_of('0') == std::string_view::npos;
    if (first > '5' || (first == '5' && (!rest_is_zero || units % 2 == 1))) ++units;
  }
  if (units > static_cast<std::uint64_t>(max_units)) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(units);
}

}  // namespace

result<price> price::parse_rounded(std::string_view written) {
  written = trim(written, " \t\n\r\f\v");  // Python's whitespace in ASCII
  // Decimal() drops every underscore once the spaces are gone ("1_000", even "_1"): PEP 515's
  // digit grouping, read as loosely as CPython reads it.
  std::string cleaned(written);
  std::erase(cleaned, '_');
  std::string_view text = cleaned;
  const bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  const auto number = read_unsigned_decimal(text);
  // Decimal() also reads Infinity and NaN, but no price can be either.
  if (!number) {
    return invalid("Price must be a number.");
  }
  if (negative && !number->digits.empty()) {
    return invalid("Price must be positive.");
  }
  const auto units = to_units(*number, max_units);
  if (!units) {
    return invalid("Price is too large.");
  }
  return price(*units);
}

}  // namespace pricewatch
