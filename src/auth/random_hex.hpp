// Random bytes from libsodium's CSPRNG, as lower-case hex: token ids, generated secrets, names.
// libsodium must be initialised (sodium_init) before the first call.
#pragma once

#include <sodium.h>

#include <cstddef>
#include <string>
#include <vector>

namespace pricewatch {

inline std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> random(bytes);
  randombytes_buf(random.data(), random.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  hex.pop_back();  // the terminating NUL sodium_bin2hex writes
  return hex;
}

}  // namespace pricewatch
