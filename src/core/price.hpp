// Exact prices: fixed-point integers in units of 1e-8, parsed from and printed to decimal strings
// without ever passing through a double (STYLE.md point 6).
#pragma once

#include "core/failure.hpp"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace pricewatch {

class price {
 public:
  static constexpr int decimals = 8;
  static constexpr std::int64_t units_per_whole = 100'000'000;
  // Larger prices are refused so that every arithmetic on units stays far from overflow.
  static constexpr std::int64_t max_units = 10'000'000'000 * units_per_whole;

  constexpr price() = default;
  static constexpr price from_units(std::int64_t units) { return price(units); }

  // Parses "51000", "51000.5", "0.00012345". Fails (validation_failed) on signs, exponents,
  // spaces, more than 8 decimals, or a value above max_units. Zero is accepted here; whether a
  // zero price makes sense is the caller's rule.
  static result<price> parse(std::string_view text);

  // Parses a decimal as Python's Decimal() reads it, the grammar the original service accepted
  // (ORIGINAL_API.md): surrounding whitespace, a sign, "5." and ".5", exponents ("1e3", "5E-2")
  // and underscores between digits. More than 8 decimals are rounded half-even to 8, never
  // refused, so that floating-point noise such as 55000.00000000001 cannot fail a client.
  // Infinity and NaN are "Price must be a number."; negative values "Price must be positive."
  static result<price> parse_rounded(std::string_view text);

  // Parses a JSON number that arrived as a double: its shortest round-trip decimal form is what
  // the client wrote whenever it has at most 15 significant digits; rounded as parse_rounded.
  static result<price> from_double(double value);

  constexpr std::int64_t units() const { return units_; }

  // Decimal text with trailing zeros removed, but at least min_decimals decimals:
  // to_string(0) gives "51000" and "0.5"; to_string(2) gives "51000.00" and "0.00012345".
  std::string to_string(int min_decimals = 0) const;

  friend constexpr auto operator<=>(price, price) = default;

 private:
  constexpr explicit price(std::int64_t units) : units_(units) {}
  std::int64_t units_ = 0;
};

}  // namespace pricewatch
