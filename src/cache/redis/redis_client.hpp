// A small pool of synchronous hiredis connections to one Redis, for the response cache and the
// login limiter. Thread-safe: share one client between every thread that talks to that Redis; each
// call borrows an idle connection (or opens one) and gives it back. Calls block, so run them on the
// blocking pool (STYLE.md point 4).
#pragma once

#include "cache/redis/redis_url.hpp"
#include "core/clock.hpp"
#include "core/log_throttle.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct redisContext;

namespace pricewatch {

// One reply. Error replies never reach callers: they are failures (see redis_client::run).
struct redis_reply {
  enum class kind { nil, string, integer, status, array };
  kind type = kind::nil;
  std::string text;  // string and status replies, byte for byte
  long long integer = 0;
  std::vector<redis_reply> elements;
};

// A command as its arguments, each sent as it is (binary-safe: no quoting, no format string).
using redis_command = std::vector<std::string>;

struct redis_timeouts {
  std::chrono::milliseconds connect{500};
  std::chrono::milliseconds command{500};
  // After a failure, calls fail at once for this long, so that while Redis is down requests do not
  // each wait for a timeout; also the shortest gap between two warnings in the log.
  std::chrono::milliseconds backoff{1000};
};

class redis_client {
 public:
  // Throws std::invalid_argument for a bad URL. Connects on the first call, not here, so that a
  // process starts while Redis is down. clock times the backoff.
  redis_client(const std::string& url, const wall_clock& clock, redis_timeouts timeouts = {});
  ~redis_client();
  redis_client(const redis_client&) = delete;
  redis_client& operator=(const redis_client&) = delete;

  // Runs one command. nullopt when Redis cannot be reached, does not answer in time, answers an
  // error, or when the client is backing off after a failure. Never throws but std::bad_alloc.
  std::optional<redis_reply> run(const redis_command& command);
  // Sends the commands together on one connection (one round trip) and returns their replies in
  // order; nullopt as for run() if any of them fails. Not a transaction: each runs on its own.
  std::optional<std::vector<redis_reply>> run_all(const std::vector<redis_command>& commands);

  // Calls that failed since start, those refused during a backoff included.
  std::uint64_t failures() const { return failures_.load(); }
  const redis_address& address() const { return address_; }

 private:
  struct context_deleter {
    void operator()(redisContext* context) const;
  };
  using connection = std::unique_ptr<redisContext, context_deleter>;

  std::optional<std::vector<redis_reply>> run_commands(std::span<const redis_command> commands);
  connection borrow(std::string& error);
  void give_back(connection borrowed);
  void drop_idle();
  bool backing_off(time_point now) const;
  void record_failure(const std::string& what);

  redis_address address_;
  const wall_clock& clock_;
  redis_timeouts timeouts_;
  std::mutex mutex_;
  std::vector<connection> idle_;
  std::atomic<std::uint64_t> failures_{0};
  // Times since the clock's epoch, as in manual_clock; the minimum means never.
  std::atomic<time_point::rep> failed_at_{time_point::min().time_since_epoch().count()};
  log_throttle warnings_;  // at most one warning per backoff period
  std::atomic<bool> down_{false};  // since the last failure; the next success says so in the log
};

}  // namespace pricewatch
