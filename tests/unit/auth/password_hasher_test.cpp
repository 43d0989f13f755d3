// Tests Argon2id password hashing through libsodium, at the smallest cost to stay fast.
#include "auth/password_hasher.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

// libsodium's minimums for Argon2id: one pass and 8 KiB.
constexpr password_cost cheap{1, 8 * 1024};

TEST(password_hasher, verifies_the_password_it_hashed) {
  const password_hasher hasher(cheap);
  const auto hash = hasher.hash("correct horse battery staple");
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
  EXPECT_NE(hash.find("m=8,t=1,"), std::string::npos) << hash;
  EXPECT_TRUE(hasher.verify(hash, "correct horse battery staple"));
  EXPECT_FALSE(hasher.verify(hash, "correct horse battery stapl"));
  EXPECT_FALSE(hasher.verify(hash, "Correct horse battery staple"));
  EXPECT_FALSE(hasher.verify(hash, ""));
}

TEST(password_hasher, salts_each_hash) {
  const password_hasher hasher(cheap);
  const auto first = hasher.hash("same password");
  const auto second = hasher.hash("same password");
  EXPECT_NE(first, second);
  EXPECT_TRUE(hasher.verify(second, "same password"));
}

TEST(password_hasher, a_malformed_hash_verifies_nothing) {
  const password_hasher hasher(cheap);
  EXPECT_FALSE(hasher.verify("", "password"));
  EXPECT_FALSE(hasher.verify("password", "password"));
  EXPECT_FALSE(hasher.verify("$argon2id$v=19$m=8,t=1,p=1$garbage", "password"));
  auto truncated = hasher.hash("password");
  truncated.resize(truncated.size() - 5);
  EXPECT_FALSE(hasher.verify(truncated, "password"));
}

// The cost is read from the stored hash, so a hasher with another cost still verifies it.
TEST(password_hasher, verifies_hashes_made_at_another_cost) {
  const password_hasher cheap_hasher(cheap);
  const password_hasher other_hasher(password_cost{2, 16 * 1024});
  const auto hash = cheap_hasher.hash("long enough");
  EXPECT_TRUE(other_hasher.verify(hash, "long enough"));
}

}  // namespace
}  // namespace pricewatch
