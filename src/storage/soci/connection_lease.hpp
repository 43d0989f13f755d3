// One connection taken from the pool for the span of a scope, with a bounded wait, so that an
// exhausted pool becomes a backend_error (503) instead of a request hanging forever.
#pragma once

#include "core/backend_error.hpp"

#include <soci/connection-pool.h>
#include <soci/session.h>

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

}  // namespace pricewatch::storage
