// The few SQL differences between the databases SOCI reaches; everything else is shared SQL.
#pragma once

#include <string>

namespace pricewatch::storage {

struct sql_dialect {
  std::string name;                  // migrations folder
  std::string begin_write;           // a transaction that takes the write lock at once
  std::string insert_ignore_prefix;  // "INSERT ... ON CONFLICT DO NOTHING" spelled per dialect
  std::string insert_ignore_suffix;
  // Appended to a SELECT inside a write transaction so that concurrent claimers (notifiers and
  // relays in other processes) take disjoint rows instead of waiting for or doubling each other.
  std::string skip_locked;
  // Held around migrations so that processes starting together apply them once; empty when the
  // write transaction already serialises them.
  std::string lock_migrations;
  std::string unlock_migrations;
  bool one_writer = false;  // the database allows one writer at a time
  bool update_returning = false;  // UPDATE ... RETURNING (not in MySQL or MariaDB)
  // A lone statement's commit can fail unreported (SQLite through SOCI): run it in a transaction.
  bool lone_write_needs_transaction = false;
  // Run after alerts were stored with ids of their own (an import), so that the ids the database
  // generates next are above them: PostgreSQL's identity sequence does not follow such rows, while
  // SQLite's AUTOINCREMENT and MySQL's AUTO_INCREMENT do by themselves. Empty: nothing to run.
  std::string advance_alert_ids;
  // Around a bulk import: the index of alerts by owner is set aside and built again in one pass
  // at the end, since every imported alert lands on a page of it somewhere else (on SQLite, a
  // third of the import's time). migrate() runs restore_bulk_indexes too, so an import that died
  // midway leaves no index missing. It must create the index as the migrations do. Empty: no index
  // is set aside (PostgreSQL and MySQL: a round trip per alert outweighs it there).
  std::string set_aside_bulk_indexes;
  std::string restore_bulk_indexes;
  // Around the migrations' transaction, for a database that rebuilds tables to change them
  // (SQLite cannot drop a CHECK or a UNIQUE): foreign keys off before it begins (SQLite ignores
  // the switch inside a transaction; with them on, dropping a table others reference fails and
  // renaming one rewrites their REFERENCES), checked before the commit (a row it reports fails
  // the migration), on again after it ends, however it ends. Empty: nothing switched.
  std::string foreign_keys_off;
  std::string foreign_key_check;  // a query: each row it returns is a broken reference
  std::string foreign_keys_on;
};

inline sql_dialect sqlite_dialect() {
  // BEGIN IMMEDIATE: a deferred transaction that reads then writes can fail with SQLITE_BUSY
  // at once instead of waiting for the busy timeout. One writer at a time makes rows disjoint.
  sql_dialect dialect;
  dialect.name = "sqlite";
  dialect.begin_write = "BEGIN IMMEDIATE";
  dialect.insert_ignore_prefix = "INSERT INTO";
  dialect.insert_ignore_suffix = " ON CONFLICT DO NOTHING";
  dialect.one_writer = true;
  dialect.update_returning = true;
  dialect.lone_write_needs_transaction = true;
  dialect.set_aside_bulk_indexes = "DROP INDEX IF EXISTS alerts_by_user";
  // As migrations/sqlite/0001_initial.sql creates it, and 0005_alerts_v2.sql again.
  dialect.restore_bulk_indexes = "CREATE INDEX IF NOT EXISTS alerts_by_user ON alerts (user_id, status, id)";
  // https://www.sqlite.org/lang_altertable.html section 7 (migrations/sqlite/0005_alerts_v2.sql).
  dialect.foreign_keys_off = "PRAGMA foreign_keys = OFF";
  dialect.foreign_key_check = "PRAGMA foreign_key_check";
  // As make_database.cpp opens every connection.
  dialect.foreign_keys_on = "PRAGMA foreign_keys = ON";
  return dialect;
}

inline sql_dialect postgresql_dialect() {
  // The transaction-scoped advisory lock is released by the migration transaction's COMMIT.
  sql_dialect dialect;
  dialect.name = "postgresql";
  dialect.begin_write = "BEGIN";
  dialect.insert_ignore_prefix = "INSERT INTO";
  dialect.insert_ignore_suffix = " ON CONFLICT DO NOTHING";
  dialect.skip_locked = " FOR UPDATE SKIP LOCKED";
  dialect.lock_migrations = "SELECT pg_advisory_xact_lock(7261001)";
  dialect.update_returning = true;
  // Never lowered: nextval takes one id for itself, so an id handed out meanwhile stays below.
  dialect.advance_alert_ids =
      "SELECT setval(pg_get_serial_sequence('alerts', 'id'), "
      "GREATEST(MAX(id), nextval(pg_get_serial_sequence('alerts', 'id')))) FROM alerts HAVING COUNT(*) > 0";
  return dialect;
}

inline sql_dialect mysql_dialect() {
  // DDL commits implicitly in MySQL, so the migrations' lock is a named lock, not a transaction.
  sql_dialect dialect;
  dialect.name = "mysql";
  dialect.begin_write = "START TRANSACTION";
  dialect.insert_ignore_prefix = "INSERT IGNORE INTO";
  dialect.skip_locked = " FOR UPDATE SKIP LOCKED";
  dialect.lock_migrations = "SELECT GET_LOCK('pricewatch_migrations', 60)";
  dialect.unlock_migrations = "SELECT RELEASE_LOCK('pricewatch_migrations')";
  return dialect;
}

}  // namespace pricewatch::storage
