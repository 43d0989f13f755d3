#include "storage/soci/soci_database.hpp"

#include "storage/soci/connection_lease.hpp"
#include "storage/soci/embedded_migrations.hpp"
#include "storage/soci/write_transaction.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <limits>
#include <set>

namespace pricewatch::storage {
namespace {

// Migration files hold statements ending with ";" at the end of a line.
std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  std::size_t start = 0;
  while (start < sql.size()) {
    auto end = sql.find('\n', start);
    if (end == std::string_view::npos) end = sql.size();
    const auto line = sql.substr(start, end - start);
    start = end + 1;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line.substr(first).starts_with("--")) {
      continue;
    }
    current.append(line).append("\n");
    const auto last = line.find_last_not_of(" \t\r");
    if (line[last] == ';') {
      current.erase(current.rfind(';'));
      statements.push_back(std::move(current));
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) {
    statements.push_back(std::move(current));
  }
  return statements;
}

// Foreign keys off for the span of a scope that holds the migrations' transaction, on again when
// it ends however it ends (sql_dialect::foreign_keys_off); nothing where the dialect says nothing.
class foreign_keys_switched_off {
 public:
  foreign_keys_switched_off(soci::session& sql, const sql_dialect& dialect) : sql_(sql), dialect_(dialect) {
    if (!dialect_.foreign_keys_off.empty()) sql_ << dialect_.foreign_keys_off;
  }
  ~foreign_keys_switched_off() {
    if (dialect_.foreign_keys_on.empty()) return;
    try {
      sql_ << dialect_.foreign_keys_on;
    } catch (...) {
      // A broken connection: reopened, it is set up with foreign keys on (make_database.cpp).
    }
  }
  foreign_keys_switched_off(const foreign_keys_switched_off&) = delete;
  foreign_keys_switched_off& operator=(const foreign_keys_switched_off&) = delete;

 private:
  soci::session& sql_;
  const sql_dialect& dialect_;
};

// Throws when the query (SQLite's PRAGMA foreign_key_check: table, rowid, parent, key) returns a
// row: migrations that leave a reference broken are not committed.
void require_intact_references(soci::session& sql, const std::string& query) {
  std::string table;
  long long row = 0;
  soci::indicator row_indicator = soci::i_null;
  std::string parent;
  long long key = 0;
  soci::statement check = (sql.prepare << query, soci::into(table), soci::into(row, row_indicator),
                           soci::into(parent), soci::into(key));
  if (!check.execute(true)) return;
  std::size_t broken = 0;
  std::string first;
  do {
    if (broken++ == 0) {
      first = table + (row_indicator == soci::i_ok ? " row " + std::to_string(row) : std::string()) +
              " refers to a missing row of " + parent;
    }
  } while (check.fetch());
  throw backend_error("database", "the migrations would leave " + std::to_string(broken) +
                                      " broken reference(s) and were not applied; the first: " + first);
}

}  // namespace

soci_database::soci_database(sql_dialect dialect, std::size_t pool_size,
                             const std::function<void(soci::session&)>& connect, const wall_clock& clock,
                             full_disk_handling full_disk)
    : dialect_(std::move(dialect)),
      clock_(clock),
      restore_after_full_disk_(full_disk.restore),
      pool_(std::make_unique<soci::connection_pool>(pool_size)),
      connections_(*pool_, pool_size, dialect_, std::move(full_disk)),
      users_(connections_),
      alerts_(connections_, dialect_),
      notifications_(connections_, dialect_),
      channels_(connections_),
      sessions_(connections_) {
  try {
    for (std::size_t i = 0; i < pool_size; ++i) {
      connect(pool_->at(i));
    }
  } catch (const soci::soci_error& error) {
    throw backend_error("database", error.what());
  }
}

soci_database::~soci_database() = default;

int soci_database::migrate() { return migrate_up_to(std::numeric_limits<int>::max()); }

int soci_database::migrate_up_to(int last_version) {
  // Its own transaction: MySQL's named lock must be released after the commit, not before.
  return connections_.exclusive([&](soci::session& sql) {
    // MySQL's named lock belongs to the connection, not the transaction: released on every way out.
    struct migration_lock {
      soci::session& sql;
      const sql_dialect& dialect;
      ~migration_lock() {
        if (dialect.unlock_migrations.empty()) return;
        try {
          sql << dialect.unlock_migrations;
        } catch (...) {
          // A broken connection has released it already.
        }
      }
    };
    // Off before the transaction begins, on again after it ends (destroyed after it).
    const foreign_keys_switched_off foreign_keys(sql, dialect_);
    write_transaction transaction(sql, dialect_);
    const migration_lock lock{sql, dialect_};
    if (!dialect_.lock_migrations.empty()) sql << dialect_.lock_migrations;
    {
      sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
             "applied_at BIGINT NOT NULL)";
      std::set<int> applied;
      soci::rowset<int> versions = (sql.prepare << "SELECT version FROM schema_migrations");
      applied.insert(versions.begin(), versions.end());
      int count = 0;
      for (const auto& migration : embedded_migrations()) {
        if (migration.dialect != dialect_.name || applied.contains(migration.version) ||
            migration.version > last_version) {
          continue;
        }
        spdlog::info("applying migration {} ({})", migration.name, dialect_.name);
        for (const auto& statement : split_statements(migration.sql)) {
          sql << statement;
        }
        int version = migration.version;
        std::string name = migration.name;
        long long now = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch()).count();
        sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:version, :name, :now)",
            soci::use(version), soci::use(name), soci::use(now);
        ++count;
      }
      // An import that died midway left an index aside (sql_dialect::set_aside_bulk_indexes).
      if (!dialect_.restore_bulk_indexes.empty()) sql << dialect_.restore_bulk_indexes;
      // Only after a change: the check reads every row that refers to another.
      if (count > 0 && !dialect_.foreign_key_check.empty()) require_intact_references(sql, dialect_.foreign_key_check);
      transaction.commit();
      return count;
    }
  });
}

void soci_database::maintain() {
  if (restore_after_full_disk_) restore_after_full_disk_();
  if (dialect_.name != "sqlite") return;
  // A passive checkpoint copies what it can without holding writers up. Under a steady stream of
  // writes the WAL is then checkpointed but never restarted and grows without bound, so once it
  // passes 64 MiB a TRUNCATE checkpoint, between two writes, brings it back to zero. Only then:
  // it stalls writers (firing alerts) for as long as it takes.
  constexpr int large_wal_frames = 16'384;
  const int frames = connections_.read([](soci::session& sql) {
    int busy = 0, log_frames = 0, checkpointed = 0;
    sql << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(busy), soci::into(log_frames), soci::into(checkpointed);
    return log_frames;
  });
  if (frames > large_wal_frames) {
    connections_.exclusive([](soci::session& sql) {
      sql << "PRAGMA wal_checkpoint(TRUNCATE)";
      return 0;
    });
  }
}

bool soci_database::ping() {
  try {
    return connections_.read([](soci::session& sql) {
      int one = 0;
      sql << "SELECT 1", soci::into(one);
      return one == 1;
    });
  } catch (const std::exception& error) {
    spdlog::warn("database ping failed: {}", error.what());
    return false;
  }
}

bool soci_database::writable() {
  // The first call probes too: a process started on a full disk has not failed a write yet.
  if (!connections_.storage_full() && probed_.exchange(true)) return true;
  try {
    // A new value each time (this process's count of probes), so that the database writes it
    // (InnoDB skips an update that changes nothing), and as large as several alerts' writes
    // (48 KiB, within MySQL's TEXT), so that a disk with room for the probe but not for a create
    // is not called ready.
    // The insert is ignored when the row is there, so processes probing at once never conflict.
    connections_.transaction([this](soci::session& sql) {
      const std::string count = std::to_string(probes_.fetch_add(1) + 1) + std::string(48 * 1024, '.');
      sql << dialect_.insert_ignore_prefix + " settings (name, value) VALUES ('write_probe', '')" +
                 dialect_.insert_ignore_suffix;
      sql << "UPDATE settings SET value = :count WHERE name = 'write_probe'", soci::use(count);
    });
    return true;
  } catch (const std::exception& error) {
    spdlog::warn("the database still cannot store a change: {}", error.what());
    return false;
  }
}

std::string soci_database::get_or_insert(const std::string& name, const std::string& candidate) {
  return connections_.write([&](soci::session& sql) {
    sql << dialect_.insert_ignore_prefix + " settings (name, value) VALUES (:name, :value)" +
               dialect_.insert_ignore_suffix,
        soci::use(name), soci::use(candidate);
    std::string value;
    sql << "SELECT value FROM settings WHERE name = :name", soci::use(name), soci::into(value);
    return value;
  });
}

}  // namespace pricewatch::storage
