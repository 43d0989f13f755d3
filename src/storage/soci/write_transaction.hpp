// A transaction that takes the write lock at once (BEGIN IMMEDIATE on SQLite) and rolls back
// unless committed, so that an exception midway leaves nothing half-written.
#pragma once

#include "storage/soci/sql_dialect.hpp"

#include <soci/session.h>

namespace pricewatch::storage {

class write_transaction {
 public:
  write_transaction(soci::session& session, const sql_dialect& dialect) : session_(session) {
    session_ << dialect.begin_write;
  }
  ~write_transaction() {
    if (!committed_) {
      try {
        session_ << "ROLLBACK";
      } catch (...) {
        // The connection is already broken; the database discards the transaction itself.
      }
    }
  }
  write_transaction(const write_transaction&) = delete;
  write_transaction& operator=(const write_transaction&) = delete;

  void commit() {
    session_ << "COMMIT";
    committed_ = true;
  }

 private:
  soci::session& session_;
  bool committed_ = false;
};

}  // namespace pricewatch::storage
