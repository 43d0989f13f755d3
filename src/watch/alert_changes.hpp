// What the trigger engine holds: the last database read of the active alerts plus the changes
// heard since. Changes from other processes may arrive out of order, so two bounded sets of ids
// keep an alert from being watched twice or after its deletion. Single-threaded: the watcher's.
#pragma once

#include "alerts/trigger_engine.hpp"

#include <cstdint>
#include <string>
#include <optional>
#include <unordered_set>
#include <variant>
#include <vector>

namespace pricewatch {

struct alert_deletion {
  std::int64_t id = 0;
  std::string symbol;
};
// Its fields or status changed: it leaves the book of `symbol` (where it was watched until now)
// and, when `now` is set (it is active), is watched anew as that says.
struct alert_replacement {
  std::int64_t id = 0;
  std::string symbol;
  std::optional<watched_alert> now;
};
using alert_change = std::variant<watched_alert, alert_deletion, alert_replacement>;

class alert_changes {
 public:
  explicit alert_changes(trigger_engine& engine) : engine_(engine) {}

  // The engine holds exactly what a database read begun at read_at returned, with no spare room.
  void rebuild(const std::vector<watched_alert>& active, time_point read_at);
  // A change heard after the read. A create that comes after its delete, after a replacement, or
  // after a read that already returned the alert, is dropped; so is anything after a delete.
  void apply(const alert_change& change);

  // Past this many ids a set starts over: a late create is then put right by a reconcile.
  static constexpr std::size_t max_remembered_ids = 100'000;
  // Alerts created this long before a read may still have their "created" event on its way.
  static constexpr std::chrono::minutes recent_window{2};

 private:
  trigger_engine& engine_;
  // Alerts seen deleted. Scaled out, a create and its delete may come from two api processes, and
  // so arrive in either order; an alert never comes back once deleted, so a create that arrives
  // after its delete is dropped instead of watching a deleted alert until the next reconcile.
  std::unordered_set<std::int64_t> deleted_;
  // Alerts created shortly before the last database read, which returned them. Their "created"
  // events may still be on their way (queued by an api process while the broker was away) and
  // would add them a second time; those are dropped. Older alerts' events came long ago. Rebuilt
  // by each read.
  std::unordered_set<std::int64_t> recently_loaded_;

  static void remember(std::unordered_set<std::int64_t>& ids, std::int64_t id);
};

}  // namespace pricewatch
