// The database on SOCI: a connection pool, the stores over it, and the migrations.
#pragma once

#include "storage/database.hpp"
#include "storage/soci/soci_alert_store.hpp"
#include "storage/soci/soci_channel_store.hpp"
#include "storage/soci/soci_notification_store.hpp"
#include "storage/soci/soci_session_store.hpp"
#include "storage/soci/soci_user_store.hpp"
#include "storage/soci/sql_dialect.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace soci {
class connection_pool;
class session;
}

namespace pricewatch::storage {

class soci_database final : public database, private settings_store {
 public:
  // Opens pool_size connections of a backend; connect(session) opens one; full_disk says what to
  // do about a full disk (may be empty).
  soci_database(sql_dialect dialect, std::size_t pool_size, const std::function<void(soci::session&)>& connect,
                const wall_clock& clock, full_disk_handling full_disk = {});
  ~soci_database() override;

  user_store& users() override { return users_; }
  alert_store& alerts() override { return alerts_; }
  notification_store& notifications() override { return notifications_; }
  channel_store& channels() override { return channels_; }
  settings_store& settings() override { return *this; }
  session_store& sessions() override { return sessions_; }
  int migrate() override;
  // The migrations up to and including version last_version, in order: migrate() applies them
  // all; a test of a migration brings a database to the schema before it.
  int migrate_up_to(int last_version);
  bool ping() override;
  bool writable() override;
  void maintain() override;

 private:
  std::string get_or_insert(const std::string& name, const std::string& candidate) override;

  sql_dialect dialect_;
  const wall_clock& clock_;
  std::atomic<bool> probed_{false};      // writable() has tried a write once
  std::atomic<std::uint64_t> probes_{0};  // the value each probe writes
  std::function<void()> restore_after_full_disk_;
  std::unique_ptr<soci::connection_pool> pool_;
  connections connections_;
  soci_user_store users_;
  soci_alert_store alerts_;
  soci_notification_store notifications_;
  soci_channel_store channels_;
  soci_session_store sessions_;
};

}  // namespace pricewatch::storage
