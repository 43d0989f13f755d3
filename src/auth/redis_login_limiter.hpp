// The login limiter of the scale-out mode: failure counts in Redis, shared by every api process,
// with the same fixed windows as memory_login_limiter. Thread-safe; calls wait on Redis, so they
// run on the blocking pool (log_in does). When Redis fails, limits hold in this process alone.
#pragma once

#include "auth/login_limiter.hpp"
#include "cache/redis/redis_client.hpp"

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace pricewatch {

// Keys (with the default prefix "pw:"), each expiring when its window closes:
//   pw:login:a:<account>   failures of that account
//   pw:login:c:<client>    failures from that client address
class redis_login_limiter final : public login_limiter {
 public:
  // Throws std::invalid_argument for a bad URL. Tests pass their own key_prefix.
  redis_login_limiter(const std::string& url, login_limits limits, const wall_clock& clock,
                      std::string key_prefix = "pw:", redis_timeouts timeouts = {});

  std::optional<std::chrono::seconds> retry_after(const std::string& account, const std::string& client) override;
  void record_failure(const std::string& account, const std::string& client) override;
  void record_success(const std::string& account) override;

  // Redis calls that failed since start (each answered by the in-process fallback instead).
  std::uint64_t failures() const { return client_.failures(); }

 private:
  std::string account_key(const std::string& account) const { return prefix_ + "login:a:" + account; }
  std::string client_key(const std::string& client) const { return prefix_ + "login:c:" + client; }
  void falling_back(std::string_view what);
  void answering();

  redis_client client_;
  login_limits limits_;
  std::string prefix_;
  // Counts failures while Redis fails, so that limits still hold in this process then; asked
  // alongside Redis afterwards until its windows close.
  memory_login_limiter fallback_;
  std::atomic<bool> fell_back_{false};  // since the last Redis failure; logged once each way
};

}  // namespace pricewatch
