#include "notify/delivery_hold.hpp"

#include "alerts/quiet_hours.hpp"
#include "storage/channel_store.hpp"

namespace pricewatch {
namespace {

// How long preferences read once are used: a change takes effect within this much (and releases
// held rows at once, channel_store::set_preferences).
constexpr std::chrono::seconds keep_for{5};
constexpr std::size_t most_users_kept = 10'000;

}  // namespace

std::optional<time_point> delivery_hold::operator()(const notification& item) {
  const auto now = clock_.now();
  auto found = by_user_.find(item.user_id);
  if (found == by_user_.end() || now - found->second.read_at >= keep_for || now < found->second.read_at) {
    if (by_user_.size() >= most_users_kept) by_user_.clear();
    found = by_user_.insert_or_assign(item.user_id, kept{preferences_.preferences(item.user_id), now}).first;
  }
  return hold_until(found->second.preferences, item.created_at, now);
}

}  // namespace pricewatch
