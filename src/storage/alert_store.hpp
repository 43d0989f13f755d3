// Alerts in the database. Every query is scoped to one owner, so no code path can reach another
// user's alert by id alone. Implementations are shared by all request threads.
#pragma once

#include "alerts/alert.hpp"
#include "alerts/notification.hpp"
#include "alerts/pagination.hpp"
#include "alerts/trigger_engine.hpp"
#include "storage/imported_rows.hpp"

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

  // Stores alerts of the original service with their own ids (distinct within a batch), marked
  // as imported, in one transaction; one outcome per alert, in order. An id already held is left as it is:
  // already_imported when an earlier import stored it for the same owner, taken otherwise.
  // No notification is queued (a triggered alert's email went out from the original). Alerts
  // created afterwards get ids above every stored one. Throws backend_error.
  virtual std::vector<import_outcome> import_alerts(std::span<const imported_alert> batch) = 0;

  // Around a run of import_alerts calls: the store may set aside what makes each stored alert
  // slow to store (SQLite: the index of alerts by owner) and restore it in one pass at the end.
  // Meanwhile every method works, some more slowly. A finish that never came (the process died)
  // is made up for by the database's next migrate(). Throw backend_error.
  virtual void prepare_bulk_import() = 0;
  virtual void finish_bulk_import() = 0;

  // Alerts created here, not imported. Throws backend_error.
  virtual std::int64_t count_not_imported() = 0;
};

}  // namespace pricewatch
