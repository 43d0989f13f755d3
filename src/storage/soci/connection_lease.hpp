// One connection taken from the pool for the span of a scope, with a bounded wait, so that an
// exhausted pool becomes a backend_error (503) instead of a request hanging forever.
#pragma once

#include "core/backend_error.hpp"

#include <soci/connection-pool.h>
#include <soci/session.h>

#include <mutex>

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

 private:
  soci::connection_pool& pool_;
  std::size_t position_ = 0;
};

// Runs work(session) on a leased connection, turning database errors into backend_error.
template <class Work>
auto with_connection(soci::connection_pool& pool, Work&& work) {
  try {
    connection_lease lease(pool);
    return work(lease.session());
  } catch (const soci::soci_error& error) {
    throw backend_error("database", error.what());
  }
}

// The pool as the stores use it: reads lease any connection; writes, where the database allows
// one writer at a time (SQLite), also take this process's writer lock first, so that they queue
// here instead of sleeping in SQLite's busy handler. Shared by all threads.
class connections {
 public:
  connections(soci::connection_pool& pool, bool serialize_writes) : pool_(pool), serialize_writes_(serialize_writes) {}

  template <class Work>
  auto read(Work&& work) {
    return with_connection(pool_, std::forward<Work>(work));
  }

  template <class Work>
  auto write(Work&& work) {
    std::unique_lock<std::mutex> writer(writer_, std::defer_lock);
    if (serialize_writes_) writer.lock();
    return with_connection(pool_, std::forward<Work>(work));
  }

 private:
  soci::connection_pool& pool_;
  bool serialize_writes_;
  std::mutex writer_;
};

}  // namespace pricewatch::storage
