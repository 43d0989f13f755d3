// Tests price: exact parsing, printing and ordering of fixed-point prices in 1e-8 units.
#include "core/price.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace pricewatch {
namespace {

std::int64_t units_of(std::string_view text) {
  const auto parsed = price::parse(text);
  EXPECT_TRUE(parsed) << "\"" << text << "\": " << (parsed ? "" : parsed.error().message);
  return parsed ? parsed->units() : -1;
}

std::string parse_error(std::string_view text) {
  const auto parsed = price::parse(text);
  EXPECT_FALSE(parsed) << "\"" << text << "\" parsed as " << (parsed ? parsed->units() : 0);
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code, errc::validation_failed) << text;
  return parsed.error().message;
}

TEST(price_parse, reads_whole_and_fractional_numbers) {
  EXPECT_EQ(units_of("51000"), 5'100'000'000'000);
  EXPECT_EQ(units_of("51000.5"), 5'100'050'000'000);
  EXPECT_EQ(units_of("0.00012345"), 12'345);
  EXPECT_EQ(units_of("0.00000001"), 1);
  EXPECT_EQ(units_of("1.12345678"), 112'345'678);
  EXPECT_EQ(units_of("0"), 0);
}

TEST(price_parse, ignores_leading_and_trailing_zeros) {
  EXPECT_EQ(units_of("00012.10"), 1'210'000'000);
  EXPECT_EQ(units_of("0000000000000000001"), 100'000'000);
  EXPECT_EQ(units_of("5.00000000"), 500'000'000);
}

TEST(price_parse, refuses_more_than_eight_decimals) {
  EXPECT_EQ(parse_error("1.123456789"), "Price must have at most 8 decimal places.");
  EXPECT_EQ(parse_error("0.000000001"), "Price must have at most 8 decimal places.");
}

TEST(price_parse, refuses_negative_numbers) {
  EXPECT_EQ(parse_error("-5"), "Price must be positive.");
  EXPECT_EQ(parse_error("-0.5"), "Price must be positive.");
}

TEST(price_parse, refuses_text_that_is_not_a_plain_decimal) {
  for (const std::string_view text : {"abc", "", " 5", "5 ", "5.", ".5", "1e5", "+5", "5,5", "1.2.3", "0x10", "."}) {
    EXPECT_FALSE(parse_error(text).empty()) << text;
  }
  EXPECT_EQ(parse_error("abc"), "Price must be a number.");
  EXPECT_EQ(parse_error(""), "Price must be a number.");
}

TEST(price_parse, accepts_the_largest_price) {
  EXPECT_EQ(units_of("10000000000"), price::max_units);
  EXPECT_EQ(units_of("9999999999.99999999"), price::max_units - 1);
}

TEST(price_parse, refuses_prices_above_the_largest) {
  EXPECT_EQ(parse_error("10000000000.00000001"), "Price is too large.");
  EXPECT_EQ(parse_error("10000000001"), "Price is too large.");
  EXPECT_EQ(parse_error("123456789012"), "Price is too large.");
  EXPECT_EQ(parse_error("99999999999999999999999999"), "Price is too large.");
}

// Eleven digits pass the length check; their value in units must not overflow int64 on the way.
TEST(price_parse, refuses_eleven_digit_prices_whose_units_overflow) {
  EXPECT_EQ(parse_error("92233720369"), "Price is too large.");
  EXPECT_EQ(parse_error("99999999999"), "Price is too large.");
}

TEST(price_to_string, drops_trailing_zeros_by_default) {
  EXPECT_EQ(price::from_units(5'100'000'000'000).to_string(), "51000");
  EXPECT_EQ(price::from_units(5'100'050'000'000).to_string(), "51000.5");
  EXPECT_EQ(price::from_units(12'345).to_string(), "0.00012345");
  EXPECT_EQ(price::from_units(50'000'000).to_string(), "0.5");
  EXPECT_EQ(price::from_units(1).to_string(), "0.00000001");
  EXPECT_EQ(price::from_units(0).to_string(), "0");
}

TEST(price_to_string, pads_to_the_minimum_decimals) {
  EXPECT_EQ(price::from_units(5'100'000'000'000).to_string(2), "51000.00");
  EXPECT_EQ(price::from_units(5'100'050'000'000).to_string(2), "51000.50");
  EXPECT_EQ(price::from_units(12'345).to_string(2), "0.00012345");
  EXPECT_EQ(price::from_units(0).to_string(2), "0.00");
  EXPECT_EQ(price::from_units(100'000'000).to_string(8), "1.00000000");
}

TEST(price_from_double, reads_what_the_client_wrote) {
  const auto half = price::from_double(51000.5);
  ASSERT_TRUE(half);
  EXPECT_EQ(half->units(), 5'100'050'000'000);

  const auto tenth = price::from_double(0.1);
  ASSERT_TRUE(tenth);
  EXPECT_EQ(*tenth, *price::parse("0.1"));
  EXPECT_EQ(tenth->units(), 10'000'000);

  const auto smallest = price::from_double(1e-8);
  ASSERT_TRUE(smallest);
  EXPECT_EQ(smallest->units(), 1);

  const auto whole = price::from_double(51000.0);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->units(), 5'100'000'000'000);
}

// 50000 * 1.1 in JavaScript is 55000.00000000001: such noise must not fail a client at random.
TEST(price_from_double, rounds_floating_point_noise_half_even_to_eight_decimals) {
  const auto noisy = price::from_double(50000 * 1.1);
  ASSERT_TRUE(noisy);
  EXPECT_EQ(noisy->units(), 5'500'000'000'000);
  const auto below_the_smallest = price::from_double(1e-9);
  ASSERT_TRUE(below_the_smallest);
  EXPECT_EQ(below_the_smallest->units(), 0);  // and the caller's rule refuses a zero price
  const auto tie = price::from_double(0.125e-6);  // 0.000000125: the tie goes to the even 12
  ASSERT_TRUE(tie);
  EXPECT_EQ(tie->units(), 12);
}

TEST(price_from_double, refuses_what_parse_refuses) {
  const auto negative = price::from_double(-5.0);
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().message, "Price must be positive.");

  const auto huge = price::from_double(1e300);
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().message, "Price is too large.");

  EXPECT_FALSE(price::from_double(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(price::from_double(std::numeric_limits<double>::infinity()));
}

std::int64_t rounded_units_of(std::string_view text) {
  const auto parsed = price::parse_rounded(text);
  EXPECT_TRUE(parsed) << "\"" << text << "\": " << (parsed ? "" : parsed.error().message);
  return parsed ? parsed->units() : -1;
}

std::string rounded_error(std::string_view text) {
  const auto parsed = price::parse_rounded(text);
  EXPECT_FALSE(parsed) << "\"" << text << "\" parsed as " << (parsed ? parsed->units() : 0);
  if (parsed) return "";
  EXPECT_EQ(parsed.error().code, errc::validation_failed) << text;
  return parsed.error().message;
}

// The expected units are CPython's: int(Decimal(text).quantize(Decimal("1e-8"), ROUND_HALF_EVEN) * 10**8).
TEST(price_parse_rounded, reads_what_python_decimal_reads) {
  EXPECT_EQ(rounded_units_of(" 53000 "), 5'300'000'000'000);
  EXPECT_EQ(rounded_units_of("\t42\n"), 4'200'000'000);
  EXPECT_EQ(rounded_units_of("1e3"), 100'000'000'000);
  EXPECT_EQ(rounded_units_of("1E+2"), 10'000'000'000);
  EXPECT_EQ(rounded_units_of("5E-2"), 5'000'000);
  EXPECT_EQ(rounded_units_of("+51000"), 5'100'000'000'000);
  EXPECT_EQ(rounded_units_of("51000."), 5'100'000'000'000);
  EXPECT_EQ(rounded_units_of(".5"), 50'000'000);
  EXPECT_EQ(rounded_units_of("1_000"), 100'000'000'000);
  EXPECT_EQ(rounded_units_of("_1"), 100'000'000);
  EXPECT_EQ(rounded_units_of("1._5"), 150'000'000);
  EXPECT_EQ(rounded_units_of("00012.10"), 1'210'000'000);
  EXPECT_EQ(rounded_units_of("123456789e-16"), 1);
  EXPECT_EQ(rounded_units_of("0"), 0);
  EXPECT_EQ(rounded_units_of("-0"), 0);
}

TEST(price_parse_rounded, rounds_half_even_to_eight_decimals) {
  EXPECT_EQ(rounded_units_of("55000.00000000001"), 5'500'000'000'000);
  EXPECT_EQ(rounded_units_of("0.000000015"), 2);   // tie: up to even
  EXPECT_EQ(rounded_units_of("0.000000025"), 2);   // tie: down to even
  EXPECT_EQ(rounded_units_of("0.000000005"), 0);   // tie: down to even zero
  EXPECT_EQ(rounded_units_of("0.0000000050001"), 1);
  EXPECT_EQ(rounded_units_of("0.000000004999"), 0);
  EXPECT_EQ(rounded_units_of("1.123456785"), 112'345'678);
  EXPECT_EQ(rounded_units_of("1.123456795"), 112'345'680);
  EXPECT_EQ(rounded_units_of("1.5e-8"), 2);
  EXPECT_EQ(rounded_units_of("2.5e-8"), 2);
  EXPECT_EQ(rounded_units_of("1e-99999"), 0);
  EXPECT_EQ(rounded_units_of("9999999999.999999994"), price::max_units - 1);
}

TEST(price_parse_rounded, refuses_what_cannot_be_a_price) {
  for (const std::string_view text : {"", " ", "abc", "1e", "e5", "1.2.3", "0x10", "1 000", "5,5", ".", "+", "--1", "_"}) {
    EXPECT_EQ(rounded_error(text), "Price must be a number.") << text;
  }
  for (const std::string_view text : {"Infinity", "-inf", "NaN", "sNaN"}) {
    EXPECT_EQ(rounded_error(text), "Price must be a number.") << text;
  }
  EXPECT_EQ(rounded_error("-5"), "Price must be positive.");
  EXPECT_EQ(rounded_error("-0.000000001"), "Price must be positive.");
  // Rounding up can carry a price over the largest.
  EXPECT_EQ(rounded_error("10000000000.000000006"), "Price is too large.");
  EXPECT_EQ(rounded_units_of("9999999999.999999995"), price::max_units);  // the largest is a price
  EXPECT_EQ(rounded_error("1e11"), "Price is too large.");
  EXPECT_EQ(rounded_error("1e999999999999999999999"), "Price is too large.");
  EXPECT_EQ(rounded_error("99999999999999999999999999"), "Price is too large.");
}

TEST(price_round_trip, parse_then_print_gives_the_canonical_text_back) {
  for (const std::string_view text : {"51000", "51000.5", "0.00012345", "0.00000001", "10000000000", "123.456"}) {
    const auto parsed = price::parse(text);
    ASSERT_TRUE(parsed) << text;
    EXPECT_EQ(parsed->to_string(), text);
    const auto padded = price::parse(parsed->to_string(2));
    ASSERT_TRUE(padded) << text;
    EXPECT_EQ(*padded, *parsed);
  }
}

TEST(price_round_trip, print_then_parse_gives_the_same_units) {
  for (const std::int64_t units : {std::int64_t{1}, std::int64_t{99}, std::int64_t{100'000'000},
                                   std::int64_t{123'456'789'012}, price::max_units}) {
    const auto parsed = price::parse(price::from_units(units).to_string());
    ASSERT_TRUE(parsed) << units;
    EXPECT_EQ(parsed->units(), units);
  }
}

TEST(price_ordering, compares_by_value) {
  EXPECT_LT(*price::parse("1.99999999"), *price::parse("2"));
  EXPECT_GT(*price::parse("51000.5"), *price::parse("51000.49999999"));
  EXPECT_EQ(*price::parse("0.1"), *price::parse("0.10000000"));
  EXPECT_NE(*price::parse("0.1"), *price::parse("0.01"));
  EXPECT_EQ(price(), price::from_units(0));

  std::vector<price> prices{*price::parse("3"), *price::parse("0.5"), *price::parse("20")};
  std::sort(prices.begin(), prices.end());
  EXPECT_EQ(prices[0].to_string(), "0.5");
  EXPECT_EQ(prices[1].to_string(), "3");
  EXPECT_EQ(prices[2].to_string(), "20");
}

}  // namespace
}  // namespace pricewatch
