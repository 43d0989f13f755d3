#include "storage/memory/memory_alert_store.hpp"

#include "alerts/alert_events.hpp"

#include <algorithm>

namespace pricewatch {
namespace {

bool matches(const alert& item, const alert_filter& filter) {
  return item.user_id == filter.user_id && (!filter.status || item.status == *filter.status) &&
         (!filter.symbol || item.symbol == *filter.symbol) && (!filter.exchange || item.exchange == *filter.exchange);
}

bool matches(const firing_record& item, const firing_filter& filter) {
  return item.user_id == filter.user_id && (!filter.alert_id || item.alert_id == *filter.alert_id) &&
         (!filter.symbol || item.symbol == *filter.symbol) && (!filter.since || item.fired_at >= *filter.since);
}

}  // namespace

alert memory_alert_store::create(std::int64_t user_id, const alert_request& request, time_point now) {
  std::lock_guard lock(mutex_);
  alert created;
  created.id = next_id_++;
  created.user_id = user_id;
  apply_request(created, request);
  created.created_at = now;
  alerts_.emplace(created.id, created);
  return created;
}

std::optional<alert> memory_alert_store::find(std::int64_t user_id, std::int64_t alert_id) {
  std::lock_guard lock(mutex_);
  const auto found = alerts_.find(alert_id);
  if (found == alerts_.end() || found->second.user_id != user_id) return std::nullopt;
  return found->second;
}

delete_outcome memory_alert_store::mark_deleted(std::int64_t user_id, std::int64_t alert_id) {
  std::lock_guard lock(mutex_);
  const auto found = alerts_.find(alert_id);
  if (found == alerts_.end() || found->second.user_id != user_id) return delete_outcome::not_found;
  auto& item = found->second;
  if (item.status == alert_status::deleted) return delete_outcome::already_deleted;
  // Marked, so that a firing handed in later (compare-and-set) finds it closed.
  item.status = alert_status::deleted;
  return delete_outcome::deleted;
}

std::int64_t memory_alert_store::count(const alert_filter& filter) {
  std::lock_guard lock(mutex_);
  return std::count_if(alerts_.begin(), alerts_.end(), [&](const auto& entry) { return matches(entry.second, filter); });
}

std::vector<alert> memory_alert_store::list(const alert_filter& filter, list_order order, std::int64_t offset,
                                            std::int64_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<alert> page;
  std::int64_t skipped = 0;
  const auto take = [&](const alert& item) {
    if (!matches(item, filter) || skipped++ < offset) return;
    page.push_back(item);
  };
  // alerts_ is ordered by id.
  if (order == list_order::oldest_first) {
    for (auto entry = alerts_.begin(); entry != alerts_.end() && std::ssize(page) < limit; ++entry) take(entry->second);
  } else {
    for (auto entry = alerts_.rbegin(); entry != alerts_.rend() && std::ssize(page) < limit; ++entry) take(entry->second);
  }
  return page;
}

std::int64_t memory_alert_store::count_active() {
  std::lock_guard lock(mutex_);
  return std::count_if(alerts_.begin(), alerts_.end(),
                       [](const auto& entry) { return entry.second.status == alert_status::created; });
}

std::vector<watched_alert> memory_alert_store::load_active_after(exchange_id exchange, std::int64_t after_id,
                                                                 std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<watched_alert> active;
  // alerts_ is ordered by id.
  for (auto entry = alerts_.upper_bound(after_id); entry != alerts_.end() && active.size() < limit; ++entry) {
    if (entry->second.status == alert_status::created && entry->second.exchange == exchange) {
      active.push_back(to_watched(entry->second));
    }
  }
  return active;
}

std::vector<fired_record> memory_alert_store::fire(std::span<const firing> batch, time_point) {
  std::lock_guard lock(mutex_);
  std::vector<fired_record> fired;
  for (const auto& item : batch) {
    const auto found = alerts_.find(item.alert_id);
    // Compare-and-set: deleted, paused or expired by then, or this firing made already (by
    // another watcher, within the cooldown), it stays as it is.
    if (found == alerts_.end()) continue;
    auto& changed = found->second;
    const bool final = changed.frequency == alert_frequency::once;
    if (changed.status != alert_status::created || (changed.expires_at && *changed.expires_at <= item.at) ||
        (!final && changed.last_fired_at && *changed.last_fired_at + changed.cooldown > item.at)) {
      continue;
    }
    if (final) changed.status = alert_status::triggered;
    if (!changed.triggered_at) {
      changed.triggered_at = item.at;
      changed.triggered_price = item.triggered_price;
    }
    changed.fire_count += 1;
    changed.last_fired_at = item.at;
    changed.last_fired_price = item.triggered_price;
    changed.delivery = delivery_state{"pending", 0, std::nullopt, std::nullopt, std::nullopt, "email"};
    firing_record stored{static_cast<std::int64_t>(firings_.size()) + 1,
                         changed.id,
                         changed.user_id,
                         changed.fire_count,
                         changed.symbol,
                         changed.condition,
                         changed.target,
                         changed.percent_bp,
                         item.triggered_price,
                         item.at,
                         {*changed.delivery},
                         changed.exchange};
    firings_.push_back(stored);
    fired_record record{changed.id,     changed.user_id,       changed.symbol, changed.condition, changed.target,
                        changed.created_at, item.triggered_price, item.at};
    record.firing_id = stored.id;
    record.sequence = changed.fire_count;
    record.final = final;
    record.percent_bp = changed.percent_bp;
    record.window = changed.window;
    record.frequency = changed.frequency;
    record.exchange = changed.exchange;
    record.cooldown = changed.cooldown;
    fired.push_back(std::move(record));
  }
  return fired;
}

change_result memory_alert_store::update(std::int64_t user_id, std::int64_t alert_id, const alert_request& request,
                                         alert_status status) {
  std::lock_guard lock(mutex_);
  const auto found = alerts_.find(alert_id);
  if (found == alerts_.end() || found->second.user_id != user_id) return {change_outcome::not_found, std::nullopt};
  auto& item = found->second;
  if (!is_open(item.status)) return {change_outcome::closed, item};
  apply_request(item, request);
  item.status = status;
  return {change_outcome::changed, item};
}

std::vector<alert> memory_alert_store::expire_due(time_point now, std::size_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<alert> expired;
  for (auto& [id, item] : alerts_) {
    if (expired.size() >= limit) break;
    if (!is_open(item.status) || !item.expires_at || *item.expires_at > now) continue;
    item.status = alert_status::expired;
    expired.push_back(item);
  }
  return expired;
}

std::int64_t memory_alert_store::count_firings(const firing_filter& filter) {
  std::lock_guard lock(mutex_);
  return std::count_if(firings_.begin(), firings_.end(), [&](const auto& item) { return matches(item, filter); });
}

std::vector<firing_record> memory_alert_store::list_firings(const firing_filter& filter, std::int64_t offset,
                                                            std::int64_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<firing_record> page;
  std::int64_t skipped = 0;
  for (auto item = firings_.rbegin(); item != firings_.rend() && std::ssize(page) < limit; ++item) {
    if (matches(*item, filter) && skipped++ >= offset) page.push_back(*item);
  }
  return page;
}

std::vector<import_outcome> memory_alert_store::import_alerts(std::span<const imported_alert> batch) {
  std::lock_guard lock(mutex_);
  std::vector<import_outcome> outcomes;
  outcomes.reserve(batch.size());
  for (const auto& item : batch) {
    if (const auto found = alerts_.find(item.id); found != alerts_.end()) {
      const bool ours = imported_.contains(item.id) && found->second.user_id == item.user_id;
      outcomes.push_back(ours ? import_outcome::already_imported : import_outcome::taken);
      continue;
    }
    alert stored;
    stored.id = item.id;
    stored.user_id = item.user_id;
    apply_request(stored, item.request);
    stored.status = item.status;
    stored.created_at = item.created_at;
    alerts_.emplace(item.id, std::move(stored));
    imported_.insert(item.id);
    next_id_ = std::max(next_id_, item.id + 1);
    outcomes.push_back(import_outcome::stored);
  }
  return outcomes;
}

std::int64_t memory_alert_store::count_not_imported() {
  std::lock_guard lock(mutex_);
  return static_cast<std::int64_t>(alerts_.size() - imported_.size());
}

}  // namespace pricewatch
