// Alerts in the database. Every query is scoped to one owner, so no code path can reach another
// user's alert by id alone. Implementations are shared by all request threads.
#pragma once

#include "alerts/alert.hpp"
#include "alerts/notification.hpp"
#include "alerts/pagination.hpp"
#include "alerts/trigger_engine.hpp"
#include "core/exchange.hpp"
#include "storage/imported_rows.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace pricewatch {

enum class delete_outcome { deleted, already_deleted, not_found };

// What became of a change to an alert: made (the alert as it is now), refused because the alert
// is no longer open (triggered, expired or deleted: DESIGN.md section 9 says 409), or not found.
enum class change_outcome { changed, closed, not_found };
struct change_result {
  change_outcome outcome = change_outcome::not_found;
  std::optional<alert> changed;
};

class alert_store {
 public:
  virtual ~alert_store() = default;

  // Each method throws backend_error when the database fails.
  virtual alert create(std::int64_t user_id, const alert_request& request, time_point now) = 0;
  virtual std::optional<alert> find(std::int64_t user_id, std::int64_t alert_id) = 0;
  // Soft delete: any status but deleted -> deleted, only for the owner's alert. A fired alert
  // keeps its firings; their emails, owed since it fired, still go out.
  virtual delete_outcome mark_deleted(std::int64_t user_id, std::int64_t alert_id) = 0;

  // Replaces the fields of the owner's alert with request's and sets its status to `status`
  // (created or paused), only while it is open (created or paused): one conditional update, so a
  // firing that made it triggered first wins and this is `closed`. Its firings, fire count and
  // first firing stay.
  virtual change_result update(std::int64_t user_id, std::int64_t alert_id, const alert_request& request,
                               alert_status status) = 0;

  // Open alerts (created or paused) whose expires_at is at or before now become expired, at most
  // limit of them, each only if still open then (compare-and-set): returned as they are now.
  virtual std::vector<alert> expire_due(time_point now, std::size_t limit) = 0;
  virtual std::int64_t count(const alert_filter& filter) = 0;
  // In id order: newest_first is descending, oldest_first ascending.
  virtual std::vector<alert> list(const alert_filter& filter, list_order order, std::int64_t offset,
                                  std::int64_t limit) = 0;
  // Alerts with status created, of all users.
  virtual std::int64_t count_active() = 0;

  // At most limit alerts of the exchange with status created and an id above after_id, by id,
  // with their fire count and last firing (a recurring alert's cooldown outlives a restart): what
  // a watcher starts from, read page by page (keyset: each page starts after the last id of the
  // one before), so that ten million active alerts are never all in one result, vector or sort.
  virtual std::vector<watched_alert> load_active_after(exchange_id exchange, std::int64_t after_id,
                                                       std::size_t limit) = 0;
  // Every alert with status created, of every exchange, oldest first: the pages of
  // load_active_after one after another.
  std::vector<watched_alert> load_active(std::size_t page_size = 10'000) {
    std::vector<watched_alert> active;
    for (const auto exchange : all_exchanges()) {
      std::int64_t after = std::numeric_limits<std::int64_t>::min();
      for (;;) {
        auto page = load_active_after(exchange, after, page_size);
        if (page.empty()) break;
        after = page.back().id;
        active.insert(active.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
        if (page.size() < page_size) break;
      }
    }
    std::sort(active.begin(), active.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return active;
  }

  // In one transaction, for each firing (alerts/notification.hpp), only if the alert is still
  // created, its expires_at is after the firing's time and, when it recurs, its last firing is at
  // least its cooldown before the firing's time (compare-and-set): its fire count moves on by one
  // (the firing's sequence), last_fired_at/price become the firing's time and price
  // (triggered_at/price too at its first firing), its status becomes triggered when its frequency
  // is once, a firing row is stored and a pending notification queued for it, recorded at now.
  // Returns the firings that really happened; the others' alerts were deleted, paused, expired or
  // fired elsewhere.
  virtual std::vector<fired_record> fire(std::span<const firing> batch, time_point now) = 0;

  // The owner's firings, newest first, each with its deliveries.
  virtual std::int64_t count_firings(const firing_filter& filter) = 0;
  virtual std::vector<firing_record> list_firings(const firing_filter& filter, std::int64_t offset,
                                                  std::int64_t limit) = 0;

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
