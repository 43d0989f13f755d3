#include "auth/token_hash.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace pricewatch {

std::string token_hash(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL failed to hash a token");
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int index = 0; index < length; ++index) {
    hex.push_back(digits[digest[index] >> 4]);
    hex.push_back(digits[digest[index] & 0x0f]);
  }
  return hex;
}

}  // namespace pricewatch
