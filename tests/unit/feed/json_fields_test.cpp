// Tests reading exchange JSON exactly: fractional numbers kept as their text, prices never
// through a double, and fields never trusted for presence or type.
#include "feed/json_fields.hpp"

#include <gtest/gtest.h>

namespace pricewatch::json_fields {
namespace {

TEST(parse_exact, keeps_fractional_numbers_as_their_exact_text) {
  const auto document = parse_exact(R"({"a":9999999999.99999999,"b":0.1,"c":1.5e-05,"d":42,"e":"0.1","f":-7.25})");
  ASSERT_TRUE(document && document->is_object());
  const auto& object = document->as_object();
  EXPECT_EQ(number_text(object.at("a")), "9999999999.99999999");
  EXPECT_EQ(number_text(object.at("b")), "0.1");
  EXPECT_EQ(number_text(object.at("c")), "1.5e-05");
  EXPECT_EQ(number_text(object.at("d")), "42");
  EXPECT_EQ(integer_of(object.at("d")), 42);
  EXPECT_FALSE(number_text(object.at("e"))) << "a string is not a number";
  EXPECT_EQ(number_text(object.at("f")), "-7.25");
  EXPECT_FALSE(string_at(object, "a")) << "a number is not a string";
  EXPECT_EQ(string_at(object, "e"), "0.1");
}

TEST(parse_exact, a_price_no_double_can_hold_stays_exact) {
  const auto document = parse_exact(R"([9999999999.99999999, 0.00000001, 30303.2])");
  ASSERT_TRUE(document);
  const auto& items = document->as_array();
  EXPECT_EQ(price_from_number(items[0])->units(), 999'999'999'999'999'999);
  EXPECT_EQ(price_from_number(items[1])->units(), 1);
  EXPECT_EQ(price_from_number(items[2])->units(), 3'030'320'000'000);
}

TEST(parse_exact, refuses_what_is_not_json_and_nesting_too_deep) {
  for (const auto* text : {"", "{", "[1,]", "{\"a\":1} x", "01", "1.", "nan", "\"\xff\""}) {
    EXPECT_FALSE(parse_exact(text)) << text;
  }
  EXPECT_FALSE(parse_exact(std::string(40, '[') + std::string(40, ']')));
  EXPECT_TRUE(parse_exact(std::string(8, '[') + std::string(8, ']')));
}

TEST(plain_decimal, writes_a_number_without_its_exponent_digit_for_digit) {
  EXPECT_EQ(plain_decimal("1.5e-05"), "0.000015");
  EXPECT_EQ(plain_decimal("1.5E+3"), "1500");
  EXPECT_EQ(plain_decimal("12.345e1"), "123.45");
  EXPECT_EQ(plain_decimal("5e0"), "5");
  EXPECT_EQ(plain_decimal("0.5117"), "0.5117");
  EXPECT_EQ(plain_decimal("-2e-2"), "-0.02");
  EXPECT_EQ(plain_decimal("123e-3"), "0.123");
  for (const auto* text : {"", "e5", "1e", "1e+", "1.2.3", "01", "1e999", "abc", "1.", ".5", "1e-41"}) {
    EXPECT_FALSE(plain_decimal(text)) << text;
  }
}

TEST(prices, a_string_price_and_a_number_price_are_read_from_their_own_kind_only) {
  const auto document = parse_exact(R"({"s":"51000.5","n":51000.5,"i":51000,"neg":-1.5,"x":"1e5","t":true})");
  const auto& object = document->as_object();
  EXPECT_EQ(price_from_string(object.at("s"))->units(), 5'100'050'000'000);
  EXPECT_EQ(price_from_number(object.at("n"))->units(), 5'100'050'000'000);
  EXPECT_EQ(price_from_number(object.at("i"))->units(), 5'100'000'000'000);
  EXPECT_FALSE(price_from_string(object.at("n")));
  EXPECT_FALSE(price_from_number(object.at("s")));
  EXPECT_FALSE(price_from_number(object.at("neg")));
  EXPECT_FALSE(price_from_string(object.at("x")));
  EXPECT_FALSE(price_from_number(object.at("t")));
}

TEST(fields, absent_or_mistyped_members_are_nothing) {
  const auto document = parse(R"({"o":{},"a":[],"i":-3,"u":18446744073709551615,"s":"x"})");
  const auto& object = document->as_object();
  EXPECT_NE(object_at(object, "o"), nullptr);
  EXPECT_EQ(object_at(object, "a"), nullptr);
  EXPECT_NE(array_at(object, "a"), nullptr);
  EXPECT_EQ(array_at(object, "missing"), nullptr);
  EXPECT_EQ(integer_at(object, "i"), -3);
  EXPECT_FALSE(integer_at(object, "u")) << "beyond int64";
  EXPECT_FALSE(integer_at(object, "s"));
  EXPECT_FALSE(string_at(object, "i"));
}

}  // namespace
}  // namespace pricewatch::json_fields
