#include "alerts/trigger_engine.hpp"

#include <algorithm>
#include <limits>

namespace pricewatch {
namespace {

// std heaps keep the largest element first under the comparator.
struct smallest_first {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return a.key > b.key;
  }
};
struct largest_first {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return a.key < b.key;
  }
};
struct soonest_first {
  template <class C>
  bool operator()(const C& a, const C& b) const {
    return a.until_s > b.until_s;
  }
};

template <class Heap, class Order>
void push(Heap& heap, typename Heap::value_type item, Order order) {
  heap.push_back(item);
  std::push_heap(heap.begin(), heap.end(), order);
}

template <class Heap, class Order>
typename Heap::value_type pop(Heap& heap, Order order) {
  std::pop_heap(heap.begin(), heap.end(), order);
  const auto top = heap.back();
  heap.pop_back();
  return top;
}

std::int64_t millis(time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

std::int64_t floor_seconds(std::int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

__extension__ using wide = __int128;  // GCC's and Clang's; prices times 10,000 overflow 64 bits

// A move of `by` units from `base`, in hundredths of a percent of base rounded down: exact, and
// capped far above the largest percent an alert may ask (1000 %).
std::int64_t move_bp(std::int64_t by, std::int64_t base) {
  if (base <= 0 || by <= 0) return 0;
  return static_cast<std::int64_t>(std::min<wide>(static_cast<wide>(by) * 10'000 / base, 1'000'000'000));
}
std::int64_t rise_bp(std::int64_t units, std::int64_t low) { return move_bp(units - low, low); }
std::int64_t fall_bp(std::int64_t units, std::int64_t high) { return move_bp(high - units, high); }

}  // namespace

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
    // costs only the windows someone watches.
    if (!w.extremes) w.extremes = std::make_unique<rolling_extremes>(window_length(alert.window).count());
  }
  ++b.live_;
  place(b, slot);
}

void trigger_engine::place(book& b, std::uint32_t slot) {
  auto& s = b.states_[slot];
  ++s.generation;
  const auto at = [&](std::int64_t key) { return book::entry{key, slot, s.generation}; };
  const auto t = s.level;
  auto& w = b.windows_[static_cast<std::size_t>(s.window)];
  switch (s.condition) {
    case alert_condition::above:
      s.armed ? push(b.rising_, at(t), smallest_first{}) : push(b.falling_, at(t - 1), largest_first{});
      return;
    case alert_condition::below:
      s.armed ? push(b.falling_, at(t), largest_first{}) : push(b.rising_, at(t + 1), smallest_first{});
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
          up ? push(b.rising_, at(t), smallest_first{}) : push(b.rising_, at(t + 1), smallest_first{});
          return;
        case book::side::above:
          down ? push(b.falling_, at(t), largest_first{}) : push(b.falling_, at(t - 1), largest_first{});
          return;
        case book::side::at:
          // At the target: neither crossing can start here; wait for a side.
          if (down) push(b.rising_, at(t + 1), smallest_first{});
          if (up) push(b.falling_, at(t - 1), largest_first{});
          return;
      }
      return;
    }
    case alert_condition::moving_up:
      s.armed ? push(w.up_fire, at(t), smallest_first{}) : push(w.up_rearm, at(t), largest_first{});
      return;
    case alert_condition::moving_down:
      s.armed ? push(w.down_fire, at(t), smallest_first{}) : push(w.down_rearm, at(t), largest_first{});
      return;
  }
}

void trigger_engine::free_slot(book& b, std::uint32_t slot) {
  auto& s = b.states_[slot];
  if (!s.live) return;
  s.live = false;
  ++s.generation;
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
    if (s.waiting == book::pending::none) push(b.cooling_, book::cooling{s.cooldown_until_s, slot, s.id}, soonest_first{});
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
    for (const auto slot : waiting) {
      auto& s = b.states_[slot];
      if (!s.live || s.last_side != book::side::unknown || is_moving(s.condition)) continue;
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
    for (const auto& item : too_young) push(heap, item, order);
  };
  const auto on_level = [&](std::uint32_t slot) { reached(b, slot, units, at_ms, fired); };
  drain(b.rising_, smallest_first{}, [units](std::int64_t key) { return units >= key; }, on_level);
  drain(b.falling_, largest_first{}, [units](std::int64_t key) { return units <= key; }, on_level);
  for (auto& w : b.windows_) {
    if (w.users == 0 || !w.extremes) continue;  // users may count removed alerts not yet found
    const auto window = static_cast<move_window>(&w - b.windows_.data());
    const auto extremes = w.extremes->over(window_length(window).count(), floor_seconds(at_ms));
    if (!extremes) continue;
    const auto up = rise_bp(units, extremes->low);
    const auto down = fall_bp(units, extremes->high);
    drain(w.up_fire, smallest_first{}, [up](std::int64_t key) { return key <= up; }, on_level);
    drain(w.up_rearm, largest_first{}, [up](std::int64_t key) { return key > up; }, on_level);
    drain(w.down_fire, smallest_first{}, [down](std::int64_t key) { return key <= down; }, on_level);
    drain(w.down_rearm, largest_first{}, [down](std::int64_t key) { return key > down; }, on_level);
  }
}

bool trigger_engine::still_due(book& b, const state& s, std::int64_t now_ms) {
  if (!b.last_units_) return false;
  const auto last = *b.last_units_;
  if (is_moving(s.condition)) {
    auto& w = b.windows_[static_cast<std::size_t>(s.window)];
    const auto extremes = w.extremes ? w.extremes->over(window_length(s.window).count(), floor_seconds(now_ms)) : std::nullopt;
    if (!extremes) return false;
    return s.condition == alert_condition::moving_up ? rise_bp(last, extremes->low) >= s.level
                                                     : fall_bp(last, extremes->high) >= s.level;
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
  const auto from = fired.size();
  const auto units = current.units();
  const auto at_ms = std::max(millis(at), b.last_ms_);
  b.last_units_ = units;
  b.last_ms_ = at_ms;
  // Windows keep every price from the moment they came into use, watched or not: an alert made
  // later sees the window it asks for.
  for (auto& w : b.windows_) {
    if (w.extremes) w.extremes->record(floor_seconds(millis(at)), units, units);
  }
  visit(b, units, at_ms, std::numeric_limits<std::int64_t>::max(), true, fired);
  if (!b.cooling_.empty()) end_cooldowns(b, at_ms, fired);
  compact_if_crowded(b);
  order_new(fired, from);
}

void trigger_engine::apply(book& b, price current, std::vector<fired_alert>& fired) {
  apply(b, current, time_point(std::chrono::milliseconds(b.last_ms_)), fired);
}

void trigger_engine::apply_range(book& b, price low, price high, time_point until, std::vector<fired_alert>& fired) {
  const auto from = fired.size();
  const auto created_by = millis(until);
  // The stretch is [from, until): its prices belong to the second before until.
  const auto second = floor_seconds(created_by - 1);
  for (auto& w : b.windows_) {
    if (w.extremes) w.extremes->record(second, low.units(), high.units());
  }
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

void trigger_engine::compact_if_crowded(book& b) {
  // Entries left behind (moved alerts, removed ones) would otherwise pile up; rebuilding once they
  // outnumber the live alerts bounds memory and keeps the amortised cost of a change constant.
  std::size_t held = b.rising_.size() + b.falling_.size() + b.cooling_.size() + b.unsided_.size();
  for (const auto& w : b.windows_) held += w.up_fire.size() + w.up_rearm.size() + w.down_fire.size() + w.down_rearm.size();
  if (held > 2 * b.live_ + 64 || b.removed_.size() * 4 > b.live_) compact(b);
}

void trigger_engine::compact(book& b) {
  for (std::uint32_t slot = 0; slot < b.states_.size(); ++slot) {
    auto& s = b.states_[slot];
    if (s.live && b.removed_.contains(s.id)) free_slot(b, slot);
  }
  std::unordered_set<std::int64_t>().swap(b.removed_);
  const auto settle = [&](std::vector<book::entry>& heap, auto order) {
    std::erase_if(heap, [&](const book::entry& item) {
      const auto& s = b.states_[item.slot];
      return !s.live || s.generation != item.generation;
    });
    std::make_heap(heap.begin(), heap.end(), order);
    if (heap.capacity() > heap.size() + heap.size() / 4 + 64) heap.shrink_to_fit();
  };
  settle(b.rising_, smallest_first{});
  settle(b.falling_, largest_first{});
  for (auto& w : b.windows_) {
    settle(w.up_fire, smallest_first{});
    settle(w.up_rearm, largest_first{});
    settle(w.down_fire, smallest_first{});
    settle(w.down_rearm, largest_first{});
  }
  std::erase_if(b.cooling_, [&](const book::cooling& item) {
    const auto& s = b.states_[item.slot];
    return !s.live || s.id != item.id || s.waiting == book::pending::none || s.cooldown_until_s != item.until_s;
  });
  std::make_heap(b.cooling_.begin(), b.cooling_.end(), soonest_first{});
  std::erase_if(b.unsided_, [&](std::uint32_t slot) { return !b.states_[slot].live; });
  // Freed slots at the end give their memory back.
  while (!b.states_.empty() && !b.states_.back().live) b.states_.pop_back();
  std::erase_if(b.free_slots_, [&](std::uint32_t slot) { return slot >= b.states_.size(); });
  if (b.states_.capacity() > b.states_.size() + b.states_.size() / 4 + 64) b.states_.shrink_to_fit();
}

trigger_engine::symbol_book& trigger_engine::book_for(std::string_view symbol) {
  auto found = books_.find(std::string(symbol));
  if (found == books_.end()) {
    found = books_.emplace(std::string(symbol), std::make_unique<symbol_book>()).first;
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

void trigger_engine::clear() { books_.clear(); }

std::size_t trigger_engine::memory_bytes() const {
  std::size_t bytes = 0;
  for (const auto& [symbol, b] : books_) {
    bytes += sizeof(symbol_book) + symbol.capacity();
    std::size_t entries = b->rising_.capacity() + b->falling_.capacity();
    for (const auto& w : b->windows_) {
      entries += w.up_fire.capacity() + w.up_rearm.capacity() + w.down_fire.capacity() + w.down_rearm.capacity();
      if (w.extremes) bytes += w.extremes->memory_bytes();
    }
    bytes += entries * sizeof(book::entry);
    bytes += b->states_.capacity() * sizeof(state) + b->free_slots_.capacity() * sizeof(std::uint32_t);
    bytes += b->cooling_.capacity() * sizeof(book::cooling) + b->unsided_.capacity() * sizeof(std::uint32_t);
    // An unordered_set node (the id and a next pointer) is a 32-byte malloc chunk; the bucket
    // array holds a pointer per bucket.
    bytes += b->removed_.size() * 32 + b->removed_.bucket_count() * sizeof(void*);
  }
  return bytes;
}

}  // namespace pricewatch
