#include "auth/password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>

namespace pricewatch {

password_hasher::password_hasher(password_cost cost) : cost_(cost) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
}

std::string password_hasher::hash(std::string_view password) const {
  char encoded[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), cost_.passes, cost_.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("Argon2id hashing ran out of memory");
  }
  return encoded;
}

bool password_hasher::verify(const std::string& encoded_hash, std::string_view password) const {
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace pricewatch
