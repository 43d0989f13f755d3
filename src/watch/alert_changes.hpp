// What the trigger engine holds: the last database read of the active alerts plus the changes
// heard since. Changes from other processes may arrive out of order, so bounded sets of ids keep
// an alert from being watched twice or after its deletion. Single-threaded: the watcher's.
#pragma once

#include "alerts/trigger_engine.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
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
  void rebuild(std::span<const watched_alert> active, time_point read_at);
  // The same in steps, for a read that comes page by page (ten million alerts are never in one
  // vector): begin empties the engine, each page adds its alerts (pages in id order), end gives
  // back the spare room the growth left.
  void begin_rebuild(time_point read_at);
  void add_loaded(std::span<const watched_alert> page);
  void end_rebuild();
  // A change heard after the read. A create that comes after its delete, after a replacement, or
  // after a read that already returned the alert, is dropped; so is anything after a delete.
  void apply(const alert_change& change);

  // Past this many ids a set starts over: a late create is then put right by a reconcile.
  static constexpr std::size_t max_remembered_ids = 100'000;
  // Alerts created this long before a read may still have their "created" event on its way.
  static constexpr std::chrono::minutes recent_window{2};

 private:
  trigger_engine& engine_;
  time_point read_at_{};
  // Alerts seen deleted. Scaled out, a create and its delete may come from two api processes, and
  // so arrive in either order; an alert never comes back once deleted, so a create that arrives
  // after its delete is dropped instead of watching a deleted alert until the next reconcile.
  std::unordered_set<std::int64_t> deleted_;
  // Alerts replaced (changed) since the last read: their create, should it still be on its way,
  // is older than the replacement, and is dropped.
  std::unordered_set<std::int64_t> replaced_;
  // Alerts created shortly before the last database read (or during it: a read page by page
  // takes seconds), which returned them, ascending. Their "created" events may still be on their
  // way (queued by an api process while the broker was away, or sent while the pages were read)
  // and would add them a second time; those are dropped. Older alerts' events came long ago.
  // Rebuilt by each read; past max_remembered_ids the oldest go first: late events are the
  // newest alerts', and an import stamps millions of alerts with the same recent time.
  std::deque<std::int64_t> loaded_recently_;

  bool was_loaded_recently(std::int64_t id) const;
  static void remember(std::unordered_set<std::int64_t>& ids, std::int64_t id);
};

}  // namespace pricewatch
