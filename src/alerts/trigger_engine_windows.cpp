// The trigger engine's windows (trigger_engine.hpp): the prices that go into them (the current
// second's, a gap's stretch, a seed from candles), the history a new window wants, their low and
// high with the pending second's prices, and the quiet band computed from those and the heaps'
// tops.
#include "alerts/trigger_engine.hpp"

#include "alerts/trigger_engine_detail.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace pricewatch {

using namespace trigger_engine_detail;

// A window's low and high over its length ending with `second`, the prices not yet recorded in
// it included; low > high when it holds none.
rolling_extremes::extremes trigger_engine::extremes_of(book& b, std::size_t window, std::int64_t second) {
  auto& ring = b.windows_[window].extremes;
  if (!ring) return {highest, lowest};
  // Pending prices count as the window's own would: recorded first unless they are of `second`
  // and the window has seen nothing newer (a gap's stretch can end after the live prices).
  if (b.pending_second_ != second || (ring->newest() && *ring->newest() > second)) record_pending(b);
  auto found = ring->over_whole(second);
  found.low = std::min(found.low, b.pending_low_);  // an empty window or none pending: a no-op
  found.high = std::max(found.high, b.pending_high_);
  return found;
}

void trigger_engine::record_pending(book& b) {
  if (b.pending_low_ > b.pending_high_) return;
  for (auto& w : b.windows_) {
    if (w.extremes) w.extremes->record(b.pending_second_, b.pending_low_, b.pending_high_);
  }
  b.pending_low_ = std::numeric_limits<std::int64_t>::max();
  b.pending_high_ = std::numeric_limits<std::int64_t>::min();
}

// The prices that would reach nothing during `second`: below the lowest key of `rising`, above
// the highest of `falling`, and per window with alerts short of each heap's top, within the low
// (for moves up) and the high (for moves down) that the moves are measured from. Entries left
// behind only narrow it. Prices inside it move no low or high that matters, so it holds until a
// window's low or high may change with time alone: the oldest second holding one leaves it.
void trigger_engine::compute_quiet_band(book& b, std::int64_t second) {
  b.quiet_low_ = 1;
  b.quiet_high_ = 0;
  auto until = std::numeric_limits<std::int64_t>::max();
  if (!b.unsided_.empty()) return;  // they learn their side from the next price
  auto low = lowest;
  auto high = highest;
  // Narrows the band to prices under `limit` (over it, at least it, at most it); false when that
  // leaves none, or may (the extremes stand for "every price" and "none").
  const auto under = [&](std::int64_t limit) {
    if (limit == lowest) return false;
    high = std::min(high, limit - 1);
    return true;
  };
  const auto over = [&](std::int64_t limit) {
    if (limit == highest) return false;
    low = std::max(low, limit + 1);
    return true;
  };
  const auto at_least = [&](std::int64_t limit) {
    if (limit == highest) return false;
    low = std::max(low, limit);
    return true;
  };
  const auto at_most = [&](std::int64_t limit) {
    if (limit == lowest) return false;
    high = std::min(high, limit);
    return true;
  };
  if (!b.rising_.empty() && !under(b.rising_.front().key)) return;
  if (!b.falling_.empty() && !over(b.falling_.front().key)) return;
  for (std::size_t window = 0; window < b.windows_.size(); ++window) {
    const auto& w = b.windows_[window];
    const bool up = !w.up_fire.empty() || !w.up_rearm.empty();
    const bool down = !w.down_fire.empty() || !w.down_rearm.empty();
    if (!up && !down) continue;
    const auto extremes = extremes_of(b, window, second);
    if (extremes.low > extremes.high) return;  // the next price is the window's first
    until = std::min(until, w.extremes->steady_until());
    // The second's own prices, not yet in the window, leave it at least its length later.
    if (b.pending_low_ <= b.pending_high_) until = std::min(until, b.pending_second_ + w.extremes->seconds());
    if (up) {
      low = std::max(low, extremes.low);
      if (!w.up_fire.empty() && !under(rise_reached_from(extremes.low, w.up_fire.front().key))) return;
      if (!w.up_rearm.empty() && !at_least(rise_reached_from(extremes.low, w.up_rearm.front().key))) return;
    }
    if (down) {
      high = std::min(high, extremes.high);
      if (!w.down_fire.empty() && !over(fall_reached_from(extremes.high, w.down_fire.front().key))) return;
      if (!w.down_rearm.empty() && !at_most(fall_reached_from(extremes.high, w.down_rearm.front().key))) return;
    }
  }
  b.quiet_low_ = low;
  b.quiet_high_ = high;
  b.quiet_until_ = std::max(until, second + 1);
}

// A stretch [.., until) of prices: they belong to the second before until.
void trigger_engine::record_stretch(book& b, price low, price high, std::int64_t until_ms) {
  const auto second = floor_seconds(until_ms - 1);
  b.quiet_low_ = 1;  // the windows take a second the band did not know
  b.quiet_high_ = 0;
  record_pending(b);
  for (auto& w : b.windows_) {
    if (w.extremes) w.extremes->record(second, low.units(), high.units());
  }
}

void trigger_engine::seed(book& b, price low, price high, time_point until) {
  record_stretch(b, low, high, millis(until));
}

// One request per symbol, for the longest window wanted: it covers the others.
void trigger_engine::want_history(const std::string& symbol, std::chrono::seconds back) {
  for (auto& wanted : history_requests_) {
    if (wanted.symbol != symbol) continue;
    wanted.back = std::max(wanted.back, back);
    return;
  }
  history_requests_.push_back(history_request{symbol, back});
}

std::vector<trigger_engine::history_request> trigger_engine::take_history_requests() {
  return std::exchange(history_requests_, {});
}

}  // namespace pricewatch
