// Alerts in the database. Every query is scoped to one owner, so no code path can reach another
// user's alert by id alone. Implementations are shared by all request threads.
#pragma once

#include "alerts/alert.hpp"
#include "alerts/notification.hpp"
#include "alerts/pagination.hpp"
#include "alerts/trigger_engine.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace pricewatch {

enum class delete_outcome { deleted, already_deleted, not_found };

class alert_store {
 public:
  virtual ~alert_store() = default;

  // Each method throws backend_error when the database fails.
  virtual alert create(std::int64_t user_id, const alert_request& request, time_point now) = 0;
  virtual std::optional<alert> find(std::int64_t user_id, std::int64_t alert_id) = 0;
  // Soft delete: status created or triggered -> deleted, only for the owner's alert. A triggered
  // alert keeps its price and time; its email, owed since it fired, still goes out.
  virtual delete_outcome mark_deleted(std::int64_t user_id, std::int64_t alert_id) = 0;
  virtual std::int64_t count(const alert_filter& filter) = 0;
  // In id order: newest_first is descending, oldest_first ascending.
  virtual std::vector<alert> list(const alert_filter& filter, list_order order, std::int64_t offset,
                                  std::int64_t limit) = 0;
  // Alerts with status created, of all users.
  virtual std::int64_t count_active() = 0;

  // Every alert with status created, oldest first: what a watcher starts from.
  virtual std::vector<watched_alert> load_active() = 0;

  // In one transaction, for each firing: status created -> triggered only if still created
  // (compare-and-set), triggered_at and triggered price set, and a pending notification queued.
  // Returns the alerts that really fired; the others were deleted or fired elsewhere.
  virtual std::vector<fired_record> fire(std::span<const firing> batch, time_point now) = 0;
};

}  // namespace pricewatch
