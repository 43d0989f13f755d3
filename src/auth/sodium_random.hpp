// A random_source (core/random.hpp) for secrets: libsodium's CSPRNG, where system_random's
// Mersenne Twister would let an observer of some outputs predict the next. Refresh tokens, reset
// links and session families come from it; tests inject a predictable source instead.
// libsodium must be initialised (sodium_init) first. Shared by any threads.
#pragma once

#include "core/random.hpp"

#include <sodium.h>

#include <cstdint>

namespace pricewatch {

class sodium_random final : public random_source {
 public:
  double uniform() override { return static_cast<double>(bits() >> 11) / static_cast<double>(std::uint64_t{1} << 53); }
  std::uint64_t bits() override {
    std::uint64_t value = 0;
    randombytes_buf(&value, sizeof value);
    return value;
  }
};

// `words` x 64 random bits as lower-case hex (16 characters each).
std::string random_words_hex(random_source& random, int words);

}  // namespace pricewatch
