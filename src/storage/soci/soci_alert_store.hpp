// alert_store on SOCI: the same SQL for SQLite, PostgreSQL and MySQL. Alerts themselves in
// soci_alert_store.cpp, firings and their history in soci_alert_firings.cpp, the original's
// alerts in soci_alert_imports.cpp; the rows they read in soci_alert_rows.hpp. Shared by all
// request threads, as its connections are.
#pragma once

#include "storage/soci/connection_lease.hpp"

#include "storage/alert_store.hpp"
#include "storage/soci/sql_dialect.hpp"


namespace pricewatch::storage {

class soci_alert_store final : public alert_store {
 public:
  soci_alert_store(connections& db, const sql_dialect& dialect) : db_(db), dialect_(dialect) {}

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
  void prepare_bulk_import() override;
  void finish_bulk_import() override;
  std::int64_t count_not_imported() override;

 private:
  connections& db_;
  const sql_dialect& dialect_;
};

}  // namespace pricewatch::storage
