// One connection taken from the pool for the span of a scope, with a bounded wait, so that an
// exhausted pool becomes a backend_error (503) instead of a request hanging forever.
#pragma once

#include "core/backend_error.hpp"

#include <soci/connection-pool.h>
#include <soci/session.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace pricewatch::storage {

class connection_lease {
 public:
  explicit connection_lease(soci::connection_pool& pool, int timeout_milliseconds = 10'000) : pool_(pool) {
    if (!pool_.try_lease(position_, timeout_milliseconds)) {
      throw backend_error("database", "no connection free within the timeout");
    }
  }
  ~connection_lease() { pool_.give_back(position_); }
  connection_lease(const connection_lease&) = delete;
  connection_lease& operator=(const connection_lease&) = delete;

  soci::session& session() { return pool_.at(position_); }
  std::size_t position() const { return position_; }

 private:
  soci::connection_pool& pool_;
  std::size_t position_ = 0;
};

// Reopens a connection the server dropped; quietly leaves it closed while the server is down.
inline void reopen_if_broken(soci::session& session) noexcept {
  try {
    if (!session.is_connected()) session.reconnect();
  } catch (...) {
    // Still down: the next lease of this connection tries again.
  }
}

// The pool as the stores use it: reads lease any connection; writes, where the database allows
// one writer at a time (SQLite), also take this process's writer lock first, so that they queue
// here instead of sleeping in SQLite's busy handler. Shared by all threads.
//
// Database errors become backend_error (503). When one shows that the server dropped a
// connection (a restart, a failover), every other connection of the pool is suspect too: each is
// checked with a trivial query, and reopened if need be, before its next use. So after a restart
// only the call that found out fails, not one call per idle connection; and no statement of the
// caller's is ever sent twice.
class connections {
 public:
  connections(soci::connection_pool& pool, std::size_t size, bool serialize_writes)
      : pool_(pool), serialize_writes_(serialize_writes), checked_(size, 0) {}

  template <class Work>
  auto read(Work&& work) {
    return run(std::forward<Work>(work));
  }

  template <class Work>
  auto write(Work&& work) {
    std::unique_lock<std::mutex> writer(writer_, std::defer_lock);
    if (serialize_writes_) writer.lock();
    return run(std::forward<Work>(work));
  }

 private:
  template <class Work>
  auto run(Work&& work) {
    connection_lease lease(pool_);
    auto& session = lease.session();
    // Only the holder of a lease touches its slot.
    auto& checked = checked_[lease.position()];
    const auto broken = broken_.load(std::memory_order_acquire);
    if (checked < broken) {
      try {
        session << "SELECT 1";
      } catch (const soci::soci_error&) {
        reopen_if_broken(session);
      }
      checked = broken;
    }
    try {
      return work(session);
    } catch (const soci::soci_error& error) {
      if (!session.is_connected()) {
        broken_.fetch_add(1, std::memory_order_acq_rel);
        reopen_if_broken(session);
      }
      throw backend_error("database", error.what());
    }
  }

  soci::connection_pool& pool_;
  bool serialize_writes_;
  std::mutex writer_;
  std::atomic<std::uint64_t> broken_{0};  // how many times a dropped connection was found
  std::vector<std::uint64_t> checked_;    // per pool position: broken_ when last checked
};

}  // namespace pricewatch::storage
