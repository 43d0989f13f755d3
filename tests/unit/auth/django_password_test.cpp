// Tests the Django pbkdf2_sha256 verifier on known vectors: Django 4.2's own test vector and
// hashes computed with Python's hashlib.pbkdf2_hmac (the independent implementation), pinned here:
//   python3 -c "import hashlib, base64; print(base64.b64encode(hashlib.pbkdf2_hmac('sha256',
//               PASSWORD.encode(), SALT.encode(), ITERATIONS)).decode())"
#include "auth/django_password.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pricewatch {
namespace {

// Django 4.2, tests/auth_tests/test_hashers.py, test_pbkdf2: make_password("lètmein", "seasalt").
constexpr const char* django_vector = "pbkdf2_sha256$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=";
// hashlib.pbkdf2_hmac('sha256', b'correct horse battery', b'seasalt0123456789abcd', 1000)
constexpr const char* thousand = "pbkdf2_sha256$1000$seasalt0123456789abcd$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE=";
// The same password and salt at 1000 and 1001 iterations: the count is part of the hash.
constexpr const char* at_1000 = "pbkdf2_sha256$1000$X3dr0m9bQ2vT5kLpZa8WcY$hlQJbNrw7IicYqttMzW+DwSp17NOFmoYmJc/in7aVnw=";
constexpr const char* at_1001 = "pbkdf2_sha256$1001$X3dr0m9bQ2vT5kLpZa8WcY$J/Vi/jxtx4N0+fPjnH3N8BeVe6tDDyifD7IDOGnXB2A=";
// Non-ASCII password (UTF-8), one iteration; and the empty password, two.
constexpr const char* unicode = "pbkdf2_sha256$1$NaCl$7iarVt5eCWVjoXdqs2g5qZNJS6vbU/LF9S+vLxHLKa8=";
constexpr const char* empty = "pbkdf2_sha256$2$emptypassword$FKP+OyUTKHYOuQ6It8YCUKKeu+6kSC5lxM9/OCJ0zCU=";

bool verifies(const std::string& encoded, std::string_view password) {
  const auto parsed = parse_django_pbkdf2(encoded);
  EXPECT_TRUE(parsed) << encoded << ": " << parsed.error().message;
  return parsed && verify_django_password(*parsed, password);
}

// The reason a hash is refused, or "" when it is not.
std::string refusal(std::string_view encoded) {
  const auto parsed = parse_django_pbkdf2(encoded);
  return parsed ? std::string() : parsed.error().message;
}

TEST(django_password, parses_the_parts_of_a_hash) {
  const auto parsed = parse_django_pbkdf2(django_vector);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->iterations, 600'000u);
  EXPECT_EQ(parsed->salt, "seasalt");
  EXPECT_EQ(parsed->hash_base64, "OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=");
}

TEST(django_password, verifies_djangos_own_test_vector) {
  EXPECT_TRUE(verifies(django_vector, "lètmein"));
  EXPECT_FALSE(verifies(django_vector, "lètmeinz"));
  EXPECT_FALSE(verifies(django_vector, "letmein"));
}

TEST(django_password, verifies_vectors_computed_with_python_hashlib) {
  EXPECT_TRUE(verifies(thousand, "correct horse battery"));
  EXPECT_TRUE(verifies(at_1000, "original password"));
  EXPECT_TRUE(verifies(at_1001, "original password"));
  EXPECT_TRUE(verifies(unicode, "pässwörd ünïcode"));
  EXPECT_TRUE(verifies(empty, ""));
}

TEST(django_password, refuses_a_wrong_password) {
  for (const char* wrong : {"correct horse batter", "correct horse battery ", "Correct horse battery", ""}) {
    EXPECT_FALSE(verifies(thousand, wrong)) << wrong;
  }
  EXPECT_FALSE(verifies(empty, " "));
}

// HMAC pads its key with zero bytes, so PBKDF2-HMAC cannot tell a password from the same password
// with NULs after it: Django (Python's hashlib) accepts it too, and so does the verifier.
TEST(django_password, a_trailing_nul_is_the_same_hmac_key_as_in_django) {
  using namespace std::string_view_literals;
  EXPECT_TRUE(verifies(thousand, "correct horse battery\0"sv));
  EXPECT_FALSE(verifies(thousand, "correct horse battery\0x"sv));
}

TEST(django_password, the_iteration_count_and_salt_are_part_of_the_hash) {
  std::string other_count = at_1000;
  other_count.replace(other_count.find("$1000$"), 6, "$1001$");
  EXPECT_FALSE(verifies(other_count, "original password"));
  std::string other_salt = thousand;
  other_salt.replace(other_salt.find("seasalt0"), 8, "seasalt1");
  EXPECT_FALSE(verifies(other_salt, "correct horse battery"));
}

TEST(django_password, a_changed_digest_verifies_nothing) {
  std::string changed = thousand;
  changed[changed.size() - 3] = changed[changed.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verifies(changed, "correct horse battery"));
}

TEST(django_password, refuses_other_formats_naming_them_without_showing_the_hash) {
  const std::string bcrypt = "bcrypt_sha256$$2b$12$Zcm3y4uZ3ZVbMe2iUo3ZJu0XJ2hGZXcBWzmF5Q3tP6zq7vPQmZ3xS";
  EXPECT_EQ(refusal(bcrypt), "password hash algorithm bcrypt_sha256 (only pbkdf2_sha256 is accepted)");
  EXPECT_EQ(refusal("md5$seasalt$f5531bef9f3687d0ccf0f617f0e25573"), "password hash algorithm md5 (only pbkdf2_sha256 is accepted)");
  EXPECT_EQ(refusal("sha1$seasalt$cff36ea83f5706ce9aa7454e63e431fc726b2dc8"),
            "password hash algorithm sha1 (only pbkdf2_sha256 is accepted)");
  EXPECT_EQ(refusal("pbkdf2_sha1$260000$seasalt$wzW0P0m5S0hdKkHJeJ6Hcw9lPWM="),
            "password hash algorithm pbkdf2_sha1 (only pbkdf2_sha256 is accepted)");
  EXPECT_EQ(refusal("argon2$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHQ$Z8KHKs7p7T9wQzFOdQwYbA"),
            "password hash algorithm argon2 (only pbkdf2_sha256 is accepted)");
  // Django's unsalted MD5 (32 hex digits) and anything else with no algorithm name.
  EXPECT_EQ(refusal("5f4dcc3b5aa765d61d8327deb882cf99"),
            "a password hash of no format Django writes (only pbkdf2_sha256 is accepted)");
  EXPECT_EQ(refusal("!dU4xnQ3C9bLpMrYw2kVtZj8HsAqE6fG1oNcXiPe"), "an unusable password (Django's set_unusable_password)");
  EXPECT_EQ(refusal(""), "an empty password");
  EXPECT_EQ(refusal("PBKDF2_SHA256$1000$seasalt0123456789abcd$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE="),
            "a password hash of no format Django writes (only pbkdf2_sha256 is accepted)");
}

TEST(django_password, bounds_the_iteration_count) {
  const std::string rest = "$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=";
  EXPECT_EQ(refusal("pbkdf2_sha256$0" + rest), "a pbkdf2_sha256 hash of 0 iterations (accepted: 1 to 2000000)");
  EXPECT_EQ(refusal("pbkdf2_sha256$2000001" + rest),
            "a pbkdf2_sha256 hash of 2000001 iterations (accepted: 1 to 2000000)");
  EXPECT_EQ(refusal("pbkdf2_sha256$4294967296" + rest),
            "a pbkdf2_sha256 hash of 4294967296 iterations (accepted: 1 to 2000000)");
  EXPECT_EQ(refusal("pbkdf2_sha256$99999999999999999999999" + rest),
            "a pbkdf2_sha256 hash whose iteration count is not a number");
  EXPECT_EQ(refusal("pbkdf2_sha256$2000000" + rest), "");
  EXPECT_EQ(refusal("pbkdf2_sha256$1" + rest), "");
  for (const std::string count : {"", "-1", "+5", " 5", "5 ", "1e3", "0x10"}) {
    EXPECT_EQ(refusal("pbkdf2_sha256$" + count + rest), "a pbkdf2_sha256 hash whose iteration count is not a number")
        << count;
  }
}

TEST(django_password, verify_never_runs_an_unbounded_count_it_was_handed) {
  django_pbkdf2_hash absurd{4'000'000'000u, "seasalt", "OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA="};
  EXPECT_FALSE(verify_django_password(absurd, "lètmein"));
}

TEST(django_password, refuses_malformed_hashes) {
  const char* malformed = "a pbkdf2_sha256 hash without its iterations, salt and hash";
  EXPECT_EQ(refusal("pbkdf2_sha256$"), malformed);
  EXPECT_EQ(refusal("pbkdf2_sha256$1000"), malformed);
  EXPECT_EQ(refusal("pbkdf2_sha256$1000$seasalt"), malformed);
  const char* bad_salt = "a pbkdf2_sha256 hash with a salt Django never writes";
  EXPECT_EQ(refusal("pbkdf2_sha256$1000$$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE="), bad_salt);
  EXPECT_EQ(refusal("pbkdf2_sha256$1000$sea salt$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE="), bad_salt);
  EXPECT_EQ(refusal("pbkdf2_sha256$1000$" + std::string(256, 's') + "$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE="),
            bad_salt);
  const char* bad_digest = "a pbkdf2_sha256 hash that is not 32 bytes in base64";
  EXPECT_EQ(refusal("pbkdf2_sha256$1000$seasalt$"), bad_digest);
  EXPECT_EQ(refusal("pbkdf2_sha256$1000$seasalt$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE"), bad_digest);
  EXPECT_EQ(refusal("pbkdf2_sha256$1000$seasalt$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kd=="), bad_digest);
  EXPECT_EQ(refusal("pbkdf2_sha256$1000$seasalt$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2k$E="), bad_digest);
  EXPECT_EQ(refusal("pbkdf2_sha256$1000$seasalt$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE=x"), bad_digest);
}

}  // namespace
}  // namespace pricewatch
