// notification_store on SOCI.
#pragma once

#include "storage/soci/connection_lease.hpp"

#include "storage/notification_store.hpp"
#include "storage/soci/sql_dialect.hpp"


namespace pricewatch::storage {

class soci_notification_store final : public notification_store {
 public:
  soci_notification_store(connections& db, const sql_dialect& dialect) : db_(db), dialect_(dialect) {}

  std::vector<notification> claim_due(time_point now, std::size_t limit, std::chrono::seconds lease,
                                      std::optional<channel_type> only = std::nullopt) override;
  std::optional<notification> claim(std::int64_t id, std::int64_t attempts, time_point now,
                                    std::chrono::seconds lease) override;
  void release(std::span<const std::int64_t> ids, time_point at) override;
  void mark_sent(std::int64_t id, std::int64_t attempts, time_point now) override;
  void mark_saved(std::int64_t id, std::int64_t attempts, time_point now) override;
  void schedule_retry(std::int64_t id, std::int64_t attempts, time_point next_attempt, const std::string& error) override;
  void hold(std::int64_t id, std::int64_t attempts, time_point until) override;
  void mark_failed(std::int64_t id, std::int64_t attempts, const std::string& error) override;
  void settle(std::span<const delivery_outcome> outcomes) override;
  std::optional<time_point> next_due(std::optional<channel_type> only = std::nullopt) override;
  void make_pending_due(time_point now) override;
  std::map<notification_status, std::int64_t> count_by_status() override;

 private:
  connections& db_;
  const sql_dialect& dialect_;
};

}  // namespace pricewatch::storage
