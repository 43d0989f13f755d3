#include "auth/django_password.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

namespace pricewatch {
namespace {

constexpr std::size_t digest_bytes = 32;
constexpr std::size_t encoded_digest_characters = 44;  // 4 * ceil(32 / 3), one "=" of padding
constexpr std::size_t max_salt_characters = 255;

failure refused(std::string reason) { return make_failure(errc::validation_failed, std::move(reason)); }

bool is_base64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// Django's salts are letters and digits; anything printable but "$" is taken, as Django would.
bool valid_salt(std::string_view salt) {
  return !salt.empty() && salt.size() <= max_salt_characters &&
         std::all_of(salt.begin(), salt.end(), [](char c) { return c > ' ' && c < 127 && c != '$'; });
}

bool valid_digest(std::string_view digest) {
  return digest.size() == encoded_digest_characters && digest.back() == '=' &&
         std::all_of(digest.begin(), digest.end() - 1, is_base64);
}

// Names what a hash is without showing it: the algorithm when it has the shape of a name.
std::string describe_other(std::string_view encoded) {
  if (encoded.empty()) return "an empty password";
  if (encoded.front() == '!') return "an unusable password (Django's set_unusable_password)";
  const auto dollar = encoded.find('$');
  const auto algorithm = encoded.substr(0, dollar);
  const bool named = dollar != std::string_view::npos && !algorithm.empty() && algorithm.size() <= 32 &&
                     std::all_of(algorithm.begin(), algorithm.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                     });
  if (named) return "password hash algorithm " + std::string(algorithm) + " (only pbkdf2_sha256 is accepted)";
  return "a password hash of no format Django writes (only pbkdf2_sha256 is accepted)";
}

}  // namespace

result<django_pbkdf2_hash> parse_django_pbkdf2(std::string_view encoded) {
  if (!encoded.starts_with(django_pbkdf2_prefix)) {
    return refused(describe_other(encoded));
  }
  encoded.remove_prefix(django_pbkdf2_prefix.size());
  const auto first = encoded.find('$');
  const auto second = first == std::string_view::npos ? first : encoded.find('$', first + 1);
  if (second == std::string_view::npos) {
    return refused("a pbkdf2_sha256 hash without its iterations, salt and hash");
  }
  const auto count = encoded.substr(0, first);
  const auto salt = encoded.substr(first + 1, second - first - 1);
  const auto digest = encoded.substr(second + 1);
  std::uint64_t iterations = 0;
  const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), iterations);
  if (count.empty() || error != std::errc{} || end != count.data() + count.size()) {
    return refused("a pbkdf2_sha256 hash whose iteration count is not a number");
  }
  if (iterations == 0 || iterations > django_max_iterations) {
    return refused("a pbkdf2_sha256 hash of " + std::to_string(iterations) + " iterations (accepted: 1 to " +
                   std::to_string(django_max_iterations) + ")");
  }
  if (!valid_salt(salt)) {
    return refused("a pbkdf2_sha256 hash with a salt Django never writes");
  }
  if (!valid_digest(digest)) {
    return refused("a pbkdf2_sha256 hash that is not 32 bytes in base64");
  }
  return django_pbkdf2_hash{static_cast<std::uint32_t>(iterations), std::string(salt), std::string(digest)};
}

bool verify_django_password(const django_pbkdf2_hash& hash, std::string_view password) {
  if (hash.iterations == 0 || hash.iterations > django_max_iterations ||
      hash.hash_base64.size() != encoded_digest_characters ||
      password.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return false;  // not from parse_django_pbkdf2: never run an unbounded count
  }
  std::array<unsigned char, digest_bytes> digest{};
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(hash.salt.data()), static_cast<int>(hash.salt.size()),
                        static_cast<int>(hash.iterations), EVP_sha256(), static_cast<int>(digest.size()),
                        digest.data()) != 1) {
    return false;
  }
  // Compared as Django compares: the base64 texts, in constant time.
  std::array<unsigned char, encoded_digest_characters + 1> encoded{};
  EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(digest.size()));
  return CRYPTO_memcmp(encoded.data(), hash.hash_base64.data(), encoded_digest_characters) == 0;
}

}  // namespace pricewatch
