// Limits failed logins: after too many failures for one account or from one client address in a
// window, further attempts are refused until the window passes (DESIGN.md 3.3). Only failures
// count. The memory implementation serves one process; redis_login_limiter shares the counts
// between processes.
#pragma once

#include "core/clock.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace pricewatch {

struct login_limits {
  std::int64_t failures_per_account = 10;
  std::int64_t failures_per_client = 100;
  std::chrono::seconds window{15 * 60};
};

class login_limiter {
 public:
  virtual ~login_limiter() = default;

  // How long until account (a normalised email) or client (an address) may try again; nullopt
  // when it may try now.
  virtual std::optional<std::chrono::seconds> retry_after(const std::string& account, const std::string& client) = 0;
  virtual void record_failure(const std::string& account, const std::string& client) = 0;
  virtual void record_success(const std::string& account) = 0;
};

// Fixed windows that open at a key's first failure. Thread-safe behind one mutex; the map is
// swept of closed windows when it grows, so its size stays bounded by recent attackers.
class memory_login_limiter final : public login_limiter {
 public:
  memory_login_limiter(login_limits limits, const wall_clock& clock) : limits_(limits), clock_(clock) {}

  std::optional<std::chrono::seconds> retry_after(const std::string& account, const std::string& client) override;
  void record_failure(const std::string& account, const std::string& client) override;
  void record_success(const std::string& account) override;

 private:
  struct window {
    time_point opened;
    std::int64_t failures = 0;
  };

  std::optional<std::chrono::seconds> blocked_for(const std::string& key, std::int64_t limit, time_point now);
  void count_failure(const std::string& key, time_point now);
  void sweep(time_point now);

  login_limits limits_;
  const wall_clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, window> windows_;
  std::size_t sweep_at_ = 1024;
};

// The limiter that goes with the cache: memory:// counts in this process, redis://... in that
// Redis (shared by every api process). Throws std::invalid_argument when the URL is not supported
// or malformed; a Redis that is down is no error (limits then hold per process).
std::unique_ptr<login_limiter> make_login_limiter(const std::string& cache_url, login_limits limits,
                                                  const wall_clock& clock);

}  // namespace pricewatch
