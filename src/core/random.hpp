// Randomness as a dependency, like time (core/clock.hpp): jitter of retries and reconnects and
// the names a process gives itself come from a random_source, and tests hand in a fixed one so
// that what they check does not depend on chance. Implementations may be shared between threads.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>

namespace pricewatch {

class random_source {
 public:
  virtual ~random_source() = default;
  // Uniform in [0, 1).
  virtual double uniform() = 0;
  // 64 uniform random bits.
  virtual std::uint64_t bits() = 0;
};

// Seeded once from the system's entropy.
class system_random final : public random_source {
 public:
  double uniform() override {
    std::lock_guard lock(mutex_);
    return std::uniform_real_distribution<double>(0, 1)(engine_);
  }
  std::uint64_t bits() override {
    std::lock_guard lock(mutex_);
    return engine_();
  }

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_{std::random_device{}()};
};

// The same numbers every time, for tests.
class fixed_random final : public random_source {
 public:
  explicit fixed_random(double uniform_value, std::uint64_t bits_value = 0x5eed)
      : uniform_(uniform_value), bits_(bits_value) {}
  double uniform() override { return uniform_; }
  std::uint64_t bits() override { return bits_; }

 private:
  double uniform_;
  std::uint64_t bits_;
};

}  // namespace pricewatch
