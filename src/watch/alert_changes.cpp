#include "watch/alert_changes.hpp"

#include <algorithm>

namespace pricewatch {

void alert_changes::rebuild(const std::vector<watched_alert>& active, time_point read_at) {
  engine_.clear();
  recently_loaded_.clear();
  fire_counts_.clear();
  for (const auto& item : active) {
    engine_.add(item);
    set_fire_count(item.id, item.fire_count);
    if (read_at - item.created_at < recent_window && recently_loaded_.size() < max_remembered_ids) {
      recently_loaded_.insert(item.id);
    }
  }
  engine_.shrink_to_fit();  // the load grew the books one alert at a time
}

void alert_changes::apply(const alert_change& change) {
  if (const auto* added = std::get_if<watched_alert>(&change)) {
    if (deleted_.contains(added->id) || recently_loaded_.contains(added->id)) return;
    engine_.add(*added);
    set_fire_count(added->id, added->fire_count);
  } else if (const auto* replaced = std::get_if<alert_replacement>(&change)) {
    if (deleted_.contains(replaced->id)) return;
    engine_.remove(replaced->id, replaced->symbol);
    // Its create, should it still be on its way, is older than this.
    remember(recently_loaded_, replaced->id);
    if (replaced->now) {
      engine_.add(*replaced->now);
      set_fire_count(replaced->id, std::max(replaced->now->fire_count, fire_counts_[replaced->id]));
    }
  } else if (const auto* counted = std::get_if<alert_fire_count>(&change)) {
    if (deleted_.contains(counted->id)) return;
    set_fire_count(counted->id, std::max(counted->fire_count, fire_counts_[counted->id]));
  } else {
    const auto& removed = std::get<alert_deletion>(change);
    remember(deleted_, removed.id);
    fire_counts_.erase(removed.id);
    engine_.remove(removed.id, removed.symbol);
  }
}

std::int64_t alert_changes::next_firing(std::int64_t id, bool final) {
  if (final) {
    const auto found = fire_counts_.find(id);
    if (found == fire_counts_.end()) return 1;
    const auto sequence = found->second + 1;
    fire_counts_.erase(found);
    return sequence;
  }
  return ++fire_counts_[id];
}

void alert_changes::set_fire_count(std::int64_t id, std::int64_t count) {
  if (count > 0) {
    fire_counts_[id] = count;
  } else {
    fire_counts_.erase(id);
  }
}

void alert_changes::remember(std::unordered_set<std::int64_t>& ids, std::int64_t id) {
  if (ids.size() >= max_remembered_ids) ids.clear();
  ids.insert(id);
}

}  // namespace pricewatch
