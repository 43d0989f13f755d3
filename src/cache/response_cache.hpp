// Cached GET responses, per user and query. A change to a user's alerts calls invalidate_user,
// after which no earlier entry of that user is served (DESIGN.md section 3.3).
// Implementations are shared by all request threads and never throw: a cache that fails is a miss.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace pricewatch {

class response_cache {
 public:
  virtual ~response_cache() = default;

  virtual std::optional<std::string> get(std::int64_t user_id, const std::string& key) = 0;
  virtual void put(std::int64_t user_id, const std::string& key, const std::string& body) = 0;
  virtual void invalidate_user(std::int64_t user_id) = 0;

  // Filling a miss without racing a change: take version() before reading the database, then
  // fill() with it. fill() stores nothing when an invalidate_user (on any process sharing the
  // cache) came in between, so a page read before a change never outlives it.
  virtual std::string version(std::int64_t user_id) = 0;
  virtual void fill(std::int64_t user_id, const std::string& key, const std::string& version,
                    const std::string& body) = 0;
  // True when get() never waits on I/O, so it may run on an I/O thread.
  virtual bool never_blocks() const = 0;
  // Calls whose backend failed since start (each was a miss or a dropped write); for /metrics.
  virtual std::uint64_t failures() const { return 0; }
};

struct cache_config {
  std::string url = "memory://";
  std::chrono::seconds ttl{60};
  std::size_t max_entries = 100'000;
};

class wall_clock;

// memory:// or redis://[:PASSWORD@]HOST[:PORT][/DB]. Throws std::invalid_argument when the URL
// is not supported or malformed; a Redis that is down is no error (the cache misses until it answers).
std::unique_ptr<response_cache> make_response_cache(const cache_config& config, const wall_clock& clock);

}  // namespace pricewatch
