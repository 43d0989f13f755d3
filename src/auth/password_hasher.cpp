#include "auth/password_hasher.hpp"

#include "auth/django_password.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace pricewatch {

namespace {

// Holds one of the hashing slots for a scope.
class slot {
 public:
  explicit slot(std::counting_semaphore<>& slots) : slots_(slots) { slots_.acquire(); }
  ~slot() { slots_.release(); }
  slot(const slot&) = delete;
  slot& operator=(const slot&) = delete;

 private:
  std::counting_semaphore<>& slots_;
};

}  // namespace

password_hasher::password_hasher(password_cost cost, unsigned parallel)
    : cost_(cost),
      slots_(std::make_unique<std::counting_semaphore<>>(
          static_cast<std::ptrdiff_t>(parallel > 0 ? parallel : std::max(1u, std::thread::hardware_concurrency())))) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
}

std::string password_hasher::hash(std::string_view password) const {
  char encoded[crypto_pwhash_STRBYTES];
  const slot held(*slots_);
  if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), cost_.passes, cost_.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("Argon2id hashing ran out of memory");
  }
  return encoded;
}

bool password_hasher::verify(const std::string& encoded_hash, std::string_view password) const {
  if (encoded_hash.starts_with(django_pbkdf2_prefix)) {
    const auto django = parse_django_pbkdf2(encoded_hash);
    if (!django) return false;
    // PBKDF2 holds a core as long as Argon2id does: it takes one of the same slots.
    const slot held(*slots_);
    return verify_django_password(*django, password);
  }
  const slot held(*slots_);
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

bool password_hasher::can_verify(const std::string& encoded_hash) const {
  if (encoded_hash.starts_with(django_pbkdf2_prefix)) return parse_django_pbkdf2(encoded_hash).has_value();
  return encoded_hash.starts_with(crypto_pwhash_argon2id_STRPREFIX);
}

bool password_hasher::needs_rehash(const std::string& encoded_hash) const {
  return encoded_hash.starts_with(django_pbkdf2_prefix);
}

}  // namespace pricewatch
