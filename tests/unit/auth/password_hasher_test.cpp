// Tests Argon2id password hashing through libsodium, at the smallest cost to stay fast, and the
// Django hashes of imported accounts that it verifies until they are replaced.
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

// hashlib.pbkdf2_hmac('sha256', b'correct horse battery', b'seasalt0123456789abcd', 1000), pinned.
const std::string django_hash =
    "pbkdf2_sha256$1000$seasalt0123456789abcd$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE=";

TEST(password_hasher, verifies_a_django_pbkdf2_sha256_hash_of_an_imported_account) {
  const password_hasher hasher(cheap);
  EXPECT_TRUE(hasher.verify(django_hash, "correct horse battery"));
  EXPECT_FALSE(hasher.verify(django_hash, "correct horse batter"));
  EXPECT_TRUE(hasher.can_verify(django_hash));
  EXPECT_TRUE(hasher.needs_rehash(django_hash));
}

TEST(password_hasher, an_argon2id_hash_needs_no_rehash) {
  const password_hasher hasher(cheap);
  const auto hash = hasher.hash("long enough");
  EXPECT_TRUE(hasher.can_verify(hash));
  EXPECT_FALSE(hasher.needs_rehash(hash));
}

TEST(password_hasher, cannot_verify_unusable_or_foreign_hashes) {
  const password_hasher hasher(cheap);
  for (const std::string& hash :
       {std::string("!"), std::string(), std::string("md5$seasalt$f5531bef9f3687d0ccf0f617f0e25573"),
        std::string("pbkdf2_sha256$3000000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA="),
        std::string("bcrypt_sha256$$2b$12$Zcm3y4uZ3ZVbMe2iUo3ZJu0XJ2hGZXcBWzmF5Q3tP6zq7vPQmZ3xS")}) {
    EXPECT_FALSE(hasher.can_verify(hash)) << hash;
    EXPECT_FALSE(hasher.verify(hash, "password")) << hash;
  }
}

}  // namespace
}  // namespace pricewatch
