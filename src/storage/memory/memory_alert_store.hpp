// Alerts in this process's memory: the alert_store contract without a database, for the watcher's
// unit tests and for anything else that wants alerts without SQL. A firing is stored with its
// delivery pending (as the API shows it); there is no outbox for a notifier to read.
// Thread-safe behind one mutex, like the SOCI store shared by all request threads.
#pragma once

#include "storage/alert_store.hpp"

#include <map>
#include <set>
#include <mutex>
#include <vector>

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
  std::vector<watched_alert> load_active_after(exchange_id exchange, std::int64_t after_id, std::size_t limit) override;
  std::vector<fired_record> fire(std::span<const firing> batch, time_point now) override;
  change_result update(std::int64_t user_id, std::int64_t alert_id, const alert_request& request,
                       alert_status status) override;
  std::vector<alert> expire_due(time_point now, std::size_t limit) override;
  std::int64_t count_firings(const firing_filter& filter) override;
  std::vector<firing_record> list_firings(const firing_filter& filter, std::int64_t offset,
                                          std::int64_t limit) override;
  std::vector<import_outcome> import_alerts(std::span<const imported_alert> batch) override;
  void prepare_bulk_import() override {}  // nothing to set aside in memory
  void finish_bulk_import() override {}
  std::int64_t count_not_imported() override;

 private:
  std::mutex mutex_;
  std::map<std::int64_t, alert> alerts_;  // by id, which grows with time: oldest first
  std::int64_t next_id_ = 1;  // above every id stored, imported ones too
  std::set<std::int64_t> imported_;  // ids stored by import_alerts
  std::vector<firing_record> firings_;  // oldest first
};

}  // namespace pricewatch
