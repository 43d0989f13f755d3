#include "watch/alert_changes.hpp"

#include <algorithm>

namespace pricewatch {

void alert_changes::rebuild(std::span<const watched_alert> active, time_point read_at) {
  begin_rebuild(read_at);
  add_loaded(active);
  end_rebuild();
}

void alert_changes::begin_rebuild(time_point read_at) {
  engine_.clear();
  engine_.begin_bulk_load();
  read_at_ = read_at;
  replaced_.clear();
  loaded_recently_.clear();
}

void alert_changes::add_loaded(std::span<const watched_alert> page) {
  for (const auto& item : page) {
    engine_.add(item);
    if (read_at_ - item.created_at >= recent_window) continue;
    if (loaded_recently_.empty() || item.id > loaded_recently_.back()) {
      loaded_recently_.push_back(item.id);
    } else {  // not in id order: still found
      loaded_recently_.insert(std::lower_bound(loaded_recently_.begin(), loaded_recently_.end(), item.id), item.id);
    }
    if (loaded_recently_.size() > max_remembered_ids) loaded_recently_.pop_front();
  }
}

void alert_changes::end_rebuild() {
  engine_.end_bulk_load();
}

void alert_changes::apply(const alert_change& change) {
  if (const auto* added = std::get_if<watched_alert>(&change)) {
    if (deleted_.contains(added->id) || replaced_.contains(added->id) || was_loaded_recently(added->id)) return;
    engine_.add(*added);
  } else if (const auto* replaced = std::get_if<alert_replacement>(&change)) {
    if (deleted_.contains(replaced->id)) return;
    engine_.remove(replaced->id, replaced->symbol);
    // Its create, should it still be on its way, is older than this.
    remember(replaced_, replaced->id);
    if (replaced->now) engine_.add(*replaced->now);
  } else {
    const auto& removed = std::get<alert_deletion>(change);
    remember(deleted_, removed.id);
    engine_.remove(removed.id, removed.symbol);
  }
}

bool alert_changes::was_loaded_recently(std::int64_t id) const {
  return std::binary_search(loaded_recently_.begin(), loaded_recently_.end(), id);
}

void alert_changes::remember(std::unordered_set<std::int64_t>& ids, std::int64_t id) {
  if (ids.size() >= max_remembered_ids) ids.clear();
  ids.insert(id);
}

}  // namespace pricewatch
