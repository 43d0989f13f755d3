#include "alerts/trigger_engine.hpp"

#include "alerts/trigger_engine_detail.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

namespace pricewatch {

using namespace trigger_engine_detail;

void trigger_engine::add(const watched_alert& alert) {
  auto& b = book_for(alert.symbol);
  // An id removed and then added again (a reload) is watched again, once: its old slot may still
  // be live, so settle the marks first.
  if (b.removed_.contains(alert.id)) compact(b);
  std::uint32_t slot = 0;
  if (!b.free_slots_.empty()) {
    slot = b.free_slots_.back();
    b.free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(b.states_.size());
    make_room_for_one(b.states_, b.bulk_growth_);
    b.states_.emplace_back();
    b.states_.back().generation = 0;
  }
  auto& s = b.states_[slot];
  const auto cooldown = std::max<std::int64_t>(0, alert.cooldown.count());
  s.id = alert.id;
  s.level = is_moving(alert.condition) ? alert.percent_bp : alert.target.units();
  s.created_ms = millis(alert.created_at);
  s.cooldown_s = static_cast<std::uint32_t>(std::min<std::int64_t>(cooldown, std::numeric_limits<std::uint32_t>::max()));
  s.cooldown_until_s = 0;
  if (alert.last_fired_at && alert.frequency == alert_frequency::every_time) {
    const auto until = floor_seconds(millis(*alert.last_fired_at) + 999) + cooldown;
    s.cooldown_until_s = static_cast<std::uint32_t>(std::clamp<std::int64_t>(until, 0, std::numeric_limits<std::uint32_t>::max()));
  }
  s.condition = alert.condition;
  s.frequency = alert.frequency;
  s.window = alert.window;
  s.armed = true;
  s.waiting = book::pending::none;
  s.live = true;
  s.last_side = book::side::unknown;
  if (b.last_units_ && !is_moving(alert.condition)) {
    const auto last = *b.last_units_;
    s.last_side = last < s.level ? book::side::below : last > s.level ? book::side::above : book::side::at;
  }
  if (is_moving(alert.condition)) {
    auto& w = b.windows_[static_cast<std::size_t>(alert.window)];
    ++w.users;
    // One ring per symbol would do for every window; one per window in use keeps it simple and
    // costs only the windows someone watches. A new one starts with the prices after it: the
    // second's prices so far go to the others first.
    if (!w.extremes) {
      record_pending(b);
      const auto length = window_length(alert.window);
      const auto grain = window_grain(alert.window);
      w.extremes = std::make_unique<rolling_extremes>(length.count(), grain.count());
      ++b.kept_windows_;
      want_history(alert.symbol, length + grain);
    }
  }
  ++b.live_;
  place(b, slot);
}

void trigger_engine::place(book& b, std::uint32_t slot) {
  auto& s = b.states_[slot];
  ++s.generation;
  ++b.changes_;
  b.quiet_low_ = 1;  // a new entry may lie inside the band
  b.quiet_high_ = 0;
  const auto at = [&](std::int64_t key) { return book::entry{key, slot, s.generation}; };
  const auto t = s.level;
  auto& w = b.windows_[static_cast<std::size_t>(s.window)];
  switch (s.condition) {
    case alert_condition::above:
      s.armed ? push(b.rising_, at(t), smallest_first{}, b.bulk_growth_) : push(b.falling_, at(t - 1), largest_first{}, b.bulk_growth_);
      return;
    case alert_condition::below:
      s.armed ? push(b.falling_, at(t), largest_first{}, b.bulk_growth_) : push(b.rising_, at(t + 1), smallest_first{}, b.bulk_growth_);
      return;
    case alert_condition::crossing_up:
    case alert_condition::crossing_down:
    case alert_condition::crossing: {
      const bool up = s.condition != alert_condition::crossing_down;
      const bool down = s.condition != alert_condition::crossing_up;
      switch (s.last_side) {
        case book::side::unknown: b.unsided_.push_back(slot); return;
        case book::side::below:
          // Coming from below: an up-crossing when it reaches the target; else wait to be above.
          up ? push(b.rising_, at(t), smallest_first{}, b.bulk_growth_) : push(b.rising_, at(t + 1), smallest_first{}, b.bulk_growth_);
          return;
        case book::side::above:
          down ? push(b.falling_, at(t), largest_first{}, b.bulk_growth_) : push(b.falling_, at(t - 1), largest_first{}, b.bulk_growth_);
          return;
        case book::side::at:
          // At the target: neither crossing can start here; wait for a side.
          if (down) push(b.rising_, at(t + 1), smallest_first{}, b.bulk_growth_);
          if (up) push(b.falling_, at(t - 1), largest_first{}, b.bulk_growth_);
          return;
      }
      return;
    }
    case alert_condition::moving_up:
      s.armed ? push(w.up_fire, at(t), smallest_first{}, b.bulk_growth_) : push(w.up_rearm, at(t), largest_first{}, b.bulk_growth_);
      return;
    case alert_condition::moving_down:
      s.armed ? push(w.down_fire, at(t), smallest_first{}, b.bulk_growth_) : push(w.down_rearm, at(t), largest_first{}, b.bulk_growth_);
      return;
  }
}

void trigger_engine::free_slot(book& b, std::uint32_t slot) {
  auto& s = b.states_[slot];
  if (!s.live) return;
  s.live = false;
  ++s.generation;
  ++b.changes_;
  if (is_moving(s.condition)) --b.windows_[static_cast<std::size_t>(s.window)].users;
  --b.live_;
  b.free_slots_.push_back(slot);
}

void trigger_engine::remove(std::int64_t alert_id, std::string_view symbol) {
  auto* b = find_book(symbol);
  if (b == nullptr) return;
  b->removed_.insert(alert_id);
  compact_if_crowded(*b);
}

// A condition began to hold: it fires, or waits for its cooldown to end.
void trigger_engine::occur(book& b, std::uint32_t slot, bool up, std::int64_t at_ms, std::int64_t crossed_units,
                           std::vector<fired_alert>& fired) {
  auto& s = b.states_[slot];
  const auto target = is_moving(s.condition) ? price() : price::from_units(s.level);
  if (s.frequency == alert_frequency::once) {
    fired.push_back(fired_alert{s.id, s.condition, target, price::from_units(crossed_units), true});
    free_slot(b, slot);
    return;
  }
  if (at_ms < static_cast<std::int64_t>(s.cooldown_until_s) * 1000) {
    if (s.waiting == book::pending::none) push(b.cooling_, book::cooling{s.cooldown_until_s, slot, s.id}, soonest_first{}, b.bulk_growth_);
    s.waiting = up ? book::pending::up : book::pending::down;
    return;
  }
  fired.push_back(fired_alert{s.id, s.condition, target, price::from_units(crossed_units), false});
  // Never sooner than the cooldown after this firing: round up to the next whole second.
  const auto until = floor_seconds(at_ms + 999) + s.cooldown_s;
  s.cooldown_until_s = static_cast<std::uint32_t>(std::clamp<std::int64_t>(until, 0, std::numeric_limits<std::uint32_t>::max()));
  s.waiting = book::pending::none;
}

// An entry of a level or crossing alert was reached by the price `units`.
void trigger_engine::reached(book& b, std::uint32_t slot, std::int64_t units, std::int64_t at_ms,
                             std::vector<fired_alert>& fired) {
  auto& s = b.states_[slot];
  const auto t = s.level;
  switch (s.condition) {
    case alert_condition::above:
    case alert_condition::below:
      if (s.armed) {
        s.armed = false;
        occur(b, slot, s.condition == alert_condition::above, at_ms, units, fired);
      } else {
        s.armed = true;
      }
      break;
    case alert_condition::crossing_up:
    case alert_condition::crossing_down:
    case alert_condition::crossing: {
      const auto before = s.last_side;
      s.last_side = units < t ? book::side::below : units > t ? book::side::above : book::side::at;
      const bool up = before == book::side::below && units >= t && s.condition != alert_condition::crossing_down;
      const bool down = before == book::side::above && units <= t && s.condition != alert_condition::crossing_up;
      if (up || down) occur(b, slot, up, at_ms, units, fired);
      break;
    }
    case alert_condition::moving_up:
    case alert_condition::moving_down:
      // Reached by a move (see visit): armed entries fire, the others re-arm.
      if (s.armed) {
        s.armed = false;
        occur(b, slot, s.condition == alert_condition::moving_up, at_ms, units, fired);
      } else {
        s.armed = true;
      }
      break;
  }
  if (s.live) place(b, slot);
}

void trigger_engine::visit(book& b, std::int64_t units, std::int64_t at_ms, std::int64_t created_by, bool live,
                           std::vector<fired_alert>& fired) {
  if (live && !b.unsided_.empty()) {
    auto waiting = std::move(b.unsided_);
    b.unsided_.clear();
    // After a load every crossing waits here for the first price: the heaps take exactly the room
    // they need at once (an alert at its target may wait on both sides).
    const auto unsided = [&](const state& s) {
      return s.live && s.last_side == book::side::unknown && !is_moving(s.condition);
    };
    std::size_t to_rising = 0;
    std::size_t to_falling = 0;
    for (const auto slot : waiting) {
      const auto& s = b.states_[slot];
      to_rising += unsided(s) && units <= s.level ? 1u : 0u;
      to_falling += unsided(s) && units >= s.level ? 1u : 0u;
    }
    make_room_for(b.rising_, to_rising);
    make_room_for(b.falling_, to_falling);
    for (const auto slot : waiting) {
      auto& s = b.states_[slot];
      if (!unsided(s)) continue;
      s.last_side = units < s.level ? book::side::below : units > s.level ? book::side::above : book::side::at;
      place(b, slot);
    }
  }
  // Pops every entry of a heap that the price reaches, skipping those left behind and those of
  // alerts younger than the price; the young go back once the heap is settled.
  const auto drain = [&](auto& heap, auto order, auto reaches, auto on_reached) {
    std::vector<book::entry> too_young;
    while (!heap.empty() && reaches(heap.front().key)) {
      const auto top = pop(heap, order);
      auto& s = b.states_[top.slot];
      if (!s.live || s.generation != top.generation) continue;
      if (!b.removed_.empty() && b.removed_.erase(s.id) > 0) {
        free_slot(b, top.slot);
        continue;
      }
      if (s.created_ms > created_by) {
        too_young.push_back(top);
        continue;
      }
      on_reached(top.slot);
    }
    for (const auto& item : too_young) push(heap, item, order, b.bulk_growth_);
  };
  const auto on_level = [&](std::uint32_t slot) { reached(b, slot, units, at_ms, fired); };
  drain(b.rising_, smallest_first{}, [units](std::int64_t key) { return units >= key; }, on_level);
  drain(b.falling_, largest_first{}, [units](std::int64_t key) { return units <= key; }, on_level);
  for (std::size_t window = 0; window < b.windows_.size(); ++window) {
    auto& w = b.windows_[window];
    if (w.users == 0 || !w.extremes) continue;  // users may count removed alerts not yet found
    // Named members, not a structured binding: clang 14 (the fuzz build) cannot capture those.
    const auto found = extremes_of(b, window, floor_seconds(at_ms));
    const auto low = found.low;
    const auto high = found.high;
    if (low > high) continue;  // no price in the window yet
    const auto rises = [&](std::int64_t key) { return rises_by(units, low, key); };
    const auto falls = [&](std::int64_t key) { return falls_by(units, high, key); };
    drain(w.up_fire, smallest_first{}, rises, on_level);
    drain(w.up_rearm, largest_first{}, std::not_fn(rises), on_level);
    drain(w.down_fire, smallest_first{}, falls, on_level);
    drain(w.down_rearm, largest_first{}, std::not_fn(falls), on_level);
  }
}

bool trigger_engine::still_due(book& b, const state& s, std::int64_t now_ms) {
  if (!b.last_units_) return false;
  const auto last = *b.last_units_;
  if (is_moving(s.condition)) {
    const auto extremes = extremes_of(b, static_cast<std::size_t>(s.window), floor_seconds(now_ms));
    if (extremes.low > extremes.high) return false;
    return s.condition == alert_condition::moving_up ? rises_by(last, extremes.low, s.level)
                                                     : falls_by(last, extremes.high, s.level);
  }
  return s.waiting == book::pending::up ? last >= s.level : last <= s.level;
}

void trigger_engine::end_cooldowns(book& b, std::int64_t now_ms, std::vector<fired_alert>& fired) {
  while (!b.cooling_.empty() && static_cast<std::int64_t>(b.cooling_.front().until_s) * 1000 <= now_ms) {
    const auto item = pop(b.cooling_, soonest_first{});
    auto& s = b.states_[item.slot];
    if (!s.live || s.id != item.id || s.waiting == book::pending::none || s.cooldown_until_s != item.until_s) continue;
    if (b.removed_.contains(s.id)) continue;
    const bool due = still_due(b, s, now_ms);
    const bool up = s.waiting == book::pending::up;
    s.waiting = book::pending::none;
    if (due) occur(b, item.slot, up, now_ms, *b.last_units_, fired);
  }
}

namespace {

// Within one price, alerts fire in id order, whatever heap they sat in: the oldest first.
void order_new(std::vector<fired_alert>& fired, std::size_t from) {
  std::sort(fired.begin() + static_cast<std::ptrdiff_t>(from), fired.end(),
            [](const fired_alert& a, const fired_alert& b) { return a.id < b.id; });
}

}  // namespace

void trigger_engine::apply(book& b, price current, time_point at, std::vector<fired_alert>& fired) {
  const auto units = current.units();
  const auto traded_ms = millis(at);
  const auto at_ms = std::max(traded_ms, b.last_ms_);
  const auto second = floor_seconds(traded_ms);
  b.last_units_ = units;
  b.last_ms_ = at_ms;
  // Windows keep every price from the moment they came into use, watched or not: an alert made
  // later sees the window it asks for. The second's prices wait in the book's low and high; a
  // price late into an earlier second goes to the windows at once.
  const auto now_second = floor_seconds(at_ms);
  if (b.kept_windows_ > 0 && second == now_second) {
    if (b.pending_second_ != second) record_pending(b);
    b.pending_second_ = second;
    b.pending_low_ = std::min(b.pending_low_, units);
    b.pending_high_ = std::max(b.pending_high_, units);
  } else if (b.kept_windows_ > 0) {
    record_pending(b);
    for (auto& w : b.windows_) {
      if (w.extremes) w.extremes->record(second, units, units);
    }
  }
  const bool quiet = units >= b.quiet_low_ && units <= b.quiet_high_ && now_second < b.quiet_until_;
  const bool cooldown_ended = !b.cooling_.empty() && static_cast<std::int64_t>(b.cooling_.front().until_s) * 1000 <= at_ms;
  if (quiet && !cooldown_ended) return;
  const auto from = fired.size();
  const auto changes = b.changes_;
  visit(b, units, at_ms, std::numeric_limits<std::int64_t>::max(), true, fired);
  if (!b.cooling_.empty()) end_cooldowns(b, at_ms, fired);
  if (b.changes_ != changes) compact_if_crowded(b);
  order_new(fired, from);
  compute_quiet_band(b, now_second);
}

void trigger_engine::apply(book& b, price current, std::vector<fired_alert>& fired) {
  apply(b, current, time_point(std::chrono::milliseconds(b.last_ms_)), fired);
}

void trigger_engine::apply_range(book& b, price low, price high, time_point until, std::vector<fired_alert>& fired) {
  const auto from = fired.size();
  const auto created_by = millis(until);
  record_stretch(b, low, high, created_by);
  const auto at_ms = std::max(b.last_ms_, created_by);
  for (const auto units : {low.units(), high.units(), low.units()}) {
    visit(b, units, at_ms, created_by, false, fired);
  }
  compact_if_crowded(b);
  order_new(fired, from);
}

void trigger_engine::advance(time_point now, std::vector<fired_alert>& fired) {
  const auto now_ms = millis(now);
  for (auto& [symbol, b] : books_) {
    if (!b->cooling_.empty()) end_cooldowns(*b, now_ms, fired);
  }
}

trigger_engine::symbol_book& trigger_engine::book_for(std::string_view symbol) {
  auto found = books_.find(std::string(symbol));
  if (found == books_.end()) {
    found = books_.emplace(std::string(symbol), std::make_unique<symbol_book>()).first;
    found->second->bulk_growth_ = bulk_loading_;
  }
  return *found->second;
}

trigger_engine::symbol_book* trigger_engine::find_book(std::string_view symbol) {
  const auto found = books_.find(std::string(symbol));
  return found == books_.end() ? nullptr : found->second.get();
}

std::size_t trigger_engine::active_count() const {
  std::size_t total = 0;
  for (const auto& [symbol, b] : books_) total += b->active();
  return total;
}

std::vector<std::string> trigger_engine::symbols() const {
  std::vector<std::string> names;
  for (const auto& [symbol, b] : books_) {
    if (b->active() > 0) names.push_back(symbol);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace pricewatch
