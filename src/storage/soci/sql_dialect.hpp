// The few SQL differences between the databases SOCI reaches; everything else is shared SQL.
#pragma once

#include <string>

namespace pricewatch::storage {

struct sql_dialect {
  std::string name;                  // migrations folder
  std::string begin_write;           // a transaction that takes the write lock at once
  std::string insert_ignore_prefix;  // "INSERT ... ON CONFLICT DO NOTHING" spelled per dialect
  std::string insert_ignore_suffix;
  bool one_writer = false;           // the database allows one writer at a time
};

inline sql_dialect sqlite_dialect() {
  // BEGIN IMMEDIATE: a deferred transaction that reads then writes can fail with SQLITE_BUSY
  // at once instead of waiting for the busy timeout.
  return {"sqlite", "BEGIN IMMEDIATE", "INSERT INTO", " ON CONFLICT DO NOTHING", true};
}

}  // namespace pricewatch::storage
