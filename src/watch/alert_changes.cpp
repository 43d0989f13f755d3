#include "watch/alert_changes.hpp"

namespace pricewatch {

void alert_changes::rebuild(const std::vector<watched_alert>& active, time_point read_at) {
  engine_.clear();
  recently_loaded_.clear();
  for (const auto& item : active) {
    engine_.add(item);
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
  } else if (const auto* replaced = std::get_if<alert_replacement>(&change)) {
    if (deleted_.contains(replaced->id)) return;
    engine_.remove(replaced->id, replaced->symbol);
    // Its create, should it still be on its way, is older than this.
    remember(recently_loaded_, replaced->id);
    if (replaced->now) engine_.add(*replaced->now);
  } else {
    const auto& removed = std::get<alert_deletion>(change);
    remember(deleted_, removed.id);
    engine_.remove(removed.id, removed.symbol);
  }
}

void alert_changes::remember(std::unordered_set<std::int64_t>& ids, std::int64_t id) {
  if (ids.size() >= max_remembered_ids) ids.clear();
  ids.insert(id);
}

}  // namespace pricewatch
