// One connection taken from the pool for the span of a scope, with a bounded wait, so that an
// exhausted pool becomes a backend_error (503) instead of a request hanging forever.
#pragma once

#include "core/backend_error.hpp"
#include "storage/soci/prepared_statements.hpp"
#include "storage/soci/sql_dialect.hpp"
#include "storage/soci/storage_full.hpp"
#include "storage/soci/write_transaction.hpp"

#include <soci/connection-pool.h>
#include <soci/session.h>

#include <atomic>
#include <functional>
#include <string>
#include <cstdint>
#include <mutex>
#include <type_traits>
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

// Reopens a connection the server dropped, its prepared statements dropped first (they belong to
// the old connection); quietly leaves it closed while the server is down.
inline void reopen_if_broken(soci::session& session, prepared_statements& prepared) noexcept {
  try {
    if (!session.is_connected()) {
      prepared.clear();
      session.reconnect();
    }
  } catch (...) {
    // Still down: the next lease of this connection tries again.
  }
}

// The pool as the stores use it: reads lease any connection; writes, where the database allows
// one writer at a time (SQLite), also take this process's writer lock first, so that they queue
// here instead of sleeping in SQLite's busy handler. Shared by all threads.
//
// Every write reports the outcome of its commit. SQLite commits a lone statement when the
// statement is reset, and SOCI drops that error for a statement that returned a row (INSERT ...
// RETURNING): an id was handed out for a row a full disk never stored. So there, write() runs the
// statement in a transaction whose COMMIT is checked; PostgreSQL and MySQL report a lone
// statement's commit in its own answer.
//
// Database errors become backend_error (503), or storage_full_error (507) when the disk is full;
// storage_full() then says so until a write succeeds. When one shows that the server dropped a
// connection (a restart, a failover), every other connection of the pool is suspect too: each is
// checked with a trivial query, and reopened if need be, before its next use. So after a restart
// only the call that found out fails, not one call per idle connection; and no statement of the
// caller's is ever sent twice.
//
// Each connection keeps the statements prepared on it (prepared()), forgotten when a call on it
// fails and before it is reopened.
class connections {
 public:
  connections(soci::connection_pool& pool, std::size_t size, const sql_dialect& dialect,
              full_disk_handling full_disk = {})
      : pool_(pool), dialect_(dialect), checked_(size, 0), prepared_(size), full_disk_(std::move(full_disk)) {
    for (std::size_t position = 0; position < size; ++position) sessions_.push_back(&pool_.at(position));
  }

  template <class Work>
  auto read(Work&& work) {
    return run(std::forward<Work>(work));
  }

  // One statement (or several that need not be atomic), its commit checked.
  template <class Work>
  auto write(Work&& work) {
    if (!dialect_.lone_write_needs_transaction) {
      try {
        return stored(std::forward<Work>(work));
      } catch (const storage_full_error& error) {
        refused(error);
        throw;
      }
    }
    return transaction(std::forward<Work>(work));
  }

  // The work in one write transaction, committed after it returns, rolled back if it throws.
  // When the disk was full, the space the database can give back is reclaimed and the work is
  // tried once more (it was rolled back: nothing of it is stored twice).
  template <class Work>
  auto transaction(Work&& work) {
    try {
      return transaction_once(work);
    } catch (const storage_full_error& first) {
      if (!reclaim_space()) {
        refused(first);
        throw;
      }
    }
    try {
      return transaction_once(work);
    } catch (const storage_full_error& again) {
      refused(again);
      throw;
    }
  }

  // The writer lock alone, for work that runs its own transactions (migrations) or none
  // (checkpoints).
  template <class Work>
  auto exclusive(Work&& work) {
    std::unique_lock<std::mutex> writer(writer_, std::defer_lock);
    if (dialect_.one_writer) writer.lock();
    return run(std::forward<Work>(work));
  }

  // True since a write failed for a full disk, until a write succeeds.
  bool storage_full() const { return storage_full_.load(std::memory_order_relaxed); }

  // The statements prepared on a connection of this pool, for the work that holds it now.
  prepared_statements& prepared(soci::session& session) { return prepared_[position_of(session)]; }

 private:
  // A write that succeeded shows the disk has room again.
  template <class Work>
  auto stored(Work&& work) {
    if constexpr (std::is_void_v<decltype(exclusive(std::forward<Work>(work)))>) {
      exclusive(std::forward<Work>(work));
      if (storage_full_.exchange(false, std::memory_order_relaxed)) log_storage_recovered();
    } else {
      auto outcome = exclusive(std::forward<Work>(work));
      if (storage_full_.exchange(false, std::memory_order_relaxed)) log_storage_recovered();
      return outcome;
    }
  }

  // A write refused for good: logged once until writes succeed again.
  void refused(const storage_full_error& error) {
    log_storage_full(!storage_full_.exchange(true, std::memory_order_relaxed), full_disk_, error.what());
  }

  template <class Work>
  auto transaction_once(Work& work) {
    return stored([&](soci::session& sql) {
      write_transaction open(sql, dialect_);
      if constexpr (std::is_void_v<decltype(work(sql))>) {
        work(sql);
        open.commit();
      } else {
        auto outcome = work(sql);
        open.commit();
        return outcome;
      }
    });
  }

  template <class Work>
  auto run(Work&& work) {
    connection_lease lease(pool_);
    auto& session = lease.session();
    // Only the holder of a lease touches its slots.
    auto& checked = checked_[lease.position()];
    auto& prepared = prepared_[lease.position()];
    const auto broken = broken_.load(std::memory_order_acquire);
    if (checked < broken) {
      try {
        session << "SELECT 1";
      } catch (const soci::soci_error&) {
        reopen_if_broken(session, prepared);
      }
      checked = broken;
    }
    try {
      return work(session);
    } catch (const soci::soci_error& error) {
      prepared.clear();
      if (is_storage_full(error)) throw storage_full_error(error.what());
      if (!session.is_connected()) {
        broken_.fetch_add(1, std::memory_order_acq_rel);
        reopen_if_broken(session, prepared);
      }
      throw backend_error("database", error.what());
    } catch (...) {
      prepared.clear();
      throw;
    }
  }

  std::size_t position_of(const soci::session& session) const {
    for (std::size_t position = 0; position < sessions_.size(); ++position) {
      if (sessions_[position] == &session) return position;
    }
    throw backend_error("database", "a session that is not of this pool");
  }

  soci::connection_pool& pool_;
  const sql_dialect& dialect_;
  std::mutex writer_;
  std::atomic<std::uint64_t> broken_{0};  // how many times a dropped connection was found
  std::vector<std::uint64_t> checked_;    // per pool position: broken_ when last checked
  std::vector<prepared_statements> prepared_;  // per pool position
  std::vector<const soci::session*> sessions_;  // per pool position
  std::atomic<bool> storage_full_{false};
  full_disk_handling full_disk_;

  // True when space was given back; never throws.
  bool reclaim_space() {
    if (!full_disk_.reclaim) return false;
    try {
      exclusive([this](soci::session& sql) { full_disk_.reclaim(sql); });
      return true;
    } catch (const std::exception&) {
      return false;  // not even that found room: the caller's error stands
    }
  }
};

}  // namespace pricewatch::storage
