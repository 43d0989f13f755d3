// The password hashes of the original Django service, "pbkdf2_sha256$<iterations>$<salt>$<hash>",
// so that the accounts `pricewatch import-original` carries over keep their passwords until their
// first login replaces the hash with Argon2id. Only this one Django format is read; PBKDF2 itself
// is OpenSSL's. Pure functions, safe from any thread.
#pragma once

#include "core/failure.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace pricewatch {

struct django_pbkdf2_hash {
  std::uint32_t iterations = 0;
  std::string salt;
  std::string hash_base64;  // 44 characters: base64 of the 32 bytes of HMAC-SHA256
};

// Django 4.2 makes 600,000 iterations and 5.2 1,000,000. Above the bound a hash is refused, so
// that one row cannot make a login take minutes: 2,000,000 take about 0.6 s of one core here.
inline constexpr std::uint32_t django_max_iterations = 2'000'000;

// The prefix of every hash this file reads.
inline constexpr std::string_view django_pbkdf2_prefix = "pbkdf2_sha256$";

// The parts of a pbkdf2_sha256 hash, or validation_failed saying what is wrong with it (in words
// that never repeat the hash): another algorithm, an unusable password ("!..."), an iteration
// count of 0 or above django_max_iterations, a salt or hash that Django never writes.
result<django_pbkdf2_hash> parse_django_pbkdf2(std::string_view encoded);

// Whether the password is the one hashed, as Django's PBKDF2PasswordHasher.verify decides:
// PBKDF2-HMAC-SHA256 of the UTF-8 password and salt, base64, compared in constant time. Takes
// as long as the iteration count says.
bool verify_django_password(const django_pbkdf2_hash& hash, std::string_view password);

}  // namespace pricewatch
