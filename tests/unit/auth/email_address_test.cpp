// Tests email normalisation (domain lower-cased, local part kept) and the password policy.
#include "auth/email_address.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pricewatch {
namespace {

std::string normalised(std::string_view text) {
  const auto result = normalise_email(text);
  EXPECT_TRUE(result) << text;
  return result ? *result : "";
}

void expect_refused(std::string_view text) {
  const auto result = normalise_email(text);
  ASSERT_FALSE(result) << text << " was accepted as " << *result;
  EXPECT_EQ(result.error().code, errc::validation_failed);
  EXPECT_EQ(result.error().message, "Enter a valid email address.");
}

// 64 + 1 + 63 + 1 + 63 + 1 + last_label characters, every part at its own limit.
std::string long_address(std::size_t last_label) {
  return std::string(64, 'a') + "@" + std::string(63, 'b') + "." + std::string(63, 'c') + "." +
         std::string(last_label, 'd');
}

TEST(normalise_email, lower_cases_only_the_domain) {
  EXPECT_EQ(normalised("Bob@Example.COM"), "Bob@example.com");
  EXPECT_EQ(normalised("a@example.com"), "a@example.com");
  EXPECT_EQ(normalised("first.last+tag@mail.example.co.uk"), "first.last+tag@mail.example.co.uk");
  EXPECT_EQ(normalised("o'brien_1-2@sub-domain.example.org"), "o'brien_1-2@sub-domain.example.org");
}

TEST(normalise_email, trims_the_spaces_around_an_address) {
  EXPECT_EQ(normalised("  Bob@Example.COM "), "Bob@example.com");
  EXPECT_EQ(normalised(" a@example.com"), "a@example.com");
  expect_refused("   ");
  expect_refused("a @example.com");
}

TEST(normalise_email, accepts_localhost_as_a_bare_domain) { EXPECT_EQ(normalised("x@localhost"), "x@localhost"); }

TEST(normalise_email, refuses_what_is_not_an_address) {
  for (const std::string_view text :
       {"nope", "a@b", "a@@b.com", ".a@b.com", "a.@b.com", "a..b@b.com", "a b@c.com", "@b.com", "a@", "", "a@.com",
        "a@b..com", "a@-b.com", "a@b-.com", "a@b_c.com", "a@b.com.", "a\"b@c.com", "x@otherhost"}) {
    expect_refused(text);
  }
}

TEST(normalise_email, refuses_every_control_character_anywhere) {
  for (int code = 0; code < 0x20; ++code) {
    const char control = static_cast<char>(code);
    for (const std::string& text : {std::string("a") + control + "b@example.com", std::string("a@exa") + control + "mple.com",
                                    std::string(1, control) + "a@example.com", std::string("a@example.com") + control}) {
      expect_refused(text);
    }
  }
  expect_refused(std::string("a\x7f" "b@example.com"));
}

TEST(normalise_email, accepts_up_to_254_characters) {
  const auto longest = long_address(61);
  ASSERT_EQ(longest.size(), 254u);
  EXPECT_EQ(normalised(longest), longest);
  const auto too_long = long_address(62);
  ASSERT_EQ(too_long.size(), 255u);
  expect_refused(too_long);
}

TEST(normalise_email, refuses_a_local_part_over_64_characters) {
  expect_refused(std::string(65, 'a') + "@example.com");
  EXPECT_TRUE(normalise_email(std::string(64, 'a') + "@example.com"));
}

TEST(normalise_email, refuses_a_label_over_63_characters) {
  expect_refused("a@" + std::string(64, 'b') + ".com");
  EXPECT_TRUE(normalise_email("a@" + std::string(63, 'b') + ".com"));
}

TEST(check_password_policy, needs_8_to_256_characters) {
  for (const std::size_t length : {std::size_t{0}, std::size_t{7}, std::size_t{257}}) {
    const auto checked = check_password_policy(std::string(length, 'p'));
    ASSERT_FALSE(checked) << length;
    EXPECT_EQ(checked.error().code, errc::validation_failed);
    EXPECT_EQ(checked.error().message, "Password must have 8 to 256 characters.");
  }
  EXPECT_TRUE(check_password_policy(std::string(8, 'p')));
  EXPECT_TRUE(check_password_policy(std::string(256, 'p')));
}

TEST(check_password_policy, counts_characters_not_bytes) {
  std::string eight;
  std::string four;
  std::string many;
  for (int i = 0; i < 8; ++i) eight += "é";
  for (int i = 0; i < 4; ++i) four += "é";
  for (int i = 0; i < 256; ++i) many += "€";
  ASSERT_EQ(eight.size(), 16u);
  ASSERT_EQ(four.size(), 8u);
  ASSERT_EQ(many.size(), 768u);
  EXPECT_TRUE(check_password_policy(eight));
  EXPECT_FALSE(check_password_policy(four));
  EXPECT_TRUE(check_password_policy(many));
  EXPECT_FALSE(check_password_policy(many + "€"));
}

}  // namespace
}  // namespace pricewatch
