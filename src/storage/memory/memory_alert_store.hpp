// Alerts in this process's memory: the alert_store contract without a database, for the watcher's
// unit tests and for anything else that wants alerts without SQL. A firing marks the alert's
// notification pending (as the API shows it); there is no outbox for a notifier to read.
// Thread-safe behind one mutex, like the SOCI store shared by all request threads.
#pragma once

#include "storage/alert_store.hpp"

#include <map>
#include <set>
#include <mutex>

namespace pricewatch {

class memory_alert_store final : public alert_store {
 public:
  // Never throws backend_error: memory does not fail the way a database does.
  alert create(std::int64_t user_id, const alert_request& request, time_point now) override;
  std::optional<alert> find(std::int64_t user_id, std::int64_t alert_id) override;
  delete_outcome mark_deleted(std::int64_t user_id, std::int64_t alert_id) override;
  std::int64_t count(const alert_filter& filter) override;
  std::vector<alert> list(const alert_filter& filter, list_order order, std::int64_t offset,
                          std::int64_t limit) override;
  std::int64_t count_active() override;
  std::vector<watched_alert> load_active() override;
  std::vector<fired_record> fire(std::span<const firing> batch, time_point now) override;
  std::vector<import_outcome> import_alerts(std::span<const imported_alert> batch) override;
  void prepare_bulk_import() override {}  // nothing to set aside in memory
  void finish_bulk_import() override {}
  std::int64_t count_not_imported() override;

 private:
  std::mutex mutex_;
  std::map<std::int64_t, alert> alerts_;  // by id, which grows with time: oldest first
  std::int64_t next_id_ = 1;  // above every id stored, imported ones too
  std::set<std::int64_t> imported_;  // ids stored by import_alerts
};

}  // namespace pricewatch
