// The trigger engine's own small tools, shared by its translation units (trigger_engine.cpp: the
// books and prices; trigger_engine_upkeep.cpp: compaction and memory): heap orders and operations,
// growth of vectors, times in milliseconds and seconds, and the percent arithmetic of moves.
// Not part of the engine's interface.
#pragma once

#include "core/clock.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace pricewatch::trigger_engine_detail {

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

// The vectors that hold a slot or an entry per alert grow by an eighth, not by doubling: their
// spare capacity stays under an eighth (7 bytes of an alert's 56) rather than up to half. During a
// bulk load (trigger_engine::begin_bulk_load) they double instead: growing millions of alerts by
// an eighth copies each alert about nine times (a fifth of a 1,000,000-alert load went to those
// copies and their page faults), doubling about twice, and the spare is given back at its end.
template <class Vector>
void make_room_for_one(Vector& items, bool doubling) {
  if (items.size() == items.capacity()) items.reserve(items.size() + (doubling ? items.size() : items.size() / 8) + 16);
}
template <class Vector>
void make_room_for(Vector& items, std::size_t more) {
  if (items.size() + more > items.capacity()) items.reserve(items.size() + more);
}
template <class Vector>
void give_back_spare(Vector& items) {
  if (items.capacity() > items.size() + items.size() / 8 + 16) items.shrink_to_fit();
}

template <class Heap, class Order>
void push(Heap& heap, typename Heap::value_type item, Order order, bool doubling) {
  make_room_for_one(heap, doubling);
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

inline std::int64_t millis(time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

inline std::int64_t floor_seconds(std::int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

__extension__ using wide = __int128;  // GCC's and Clang's; prices times 10,000 overflow 64 bits

constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t highest = std::numeric_limits<std::int64_t>::max();
// Moves are measured in hundredths of a percent of the base rounded down, and capped far above the
// largest percent an alert may ask (1000 %): a percent above the cap is never reached.
constexpr std::int64_t largest_move_bp = 1'000'000'000;

// Whether `units` is at least percent_bp above low (below high): the move, in hundredths of a
// percent of the base rounded down, reaches percent_bp. Exact, by multiplying rather than dividing.
inline bool rises_by(std::int64_t units, std::int64_t low, std::int64_t percent_bp) {
  if (percent_bp <= 0) return true;
  if (low <= 0 || units <= low || percent_bp > largest_move_bp) return false;
  return (static_cast<wide>(units) - low) * 10'000 >= static_cast<wide>(percent_bp) * low;
}
inline bool falls_by(std::int64_t units, std::int64_t high, std::int64_t percent_bp) {
  if (percent_bp <= 0) return true;
  if (high <= 0 || units >= high || percent_bp > largest_move_bp) return false;
  return (static_cast<wide>(high) - units) * 10'000 >= static_cast<wide>(percent_bp) * high;
}

// base plus (minus) percent_bp of it rounded up, clamped to the prices there are; both positive.
// In 64 bits while percent_bp times base fits (up to 1000 % of a price up to 1,800,000), as the
// band is computed every second; beyond (a price in rupiah), in 128 bits, out of the way.
[[gnu::cold]] inline std::int64_t clamped(wide value) {
  return value > highest ? highest : value < lowest ? lowest : static_cast<std::int64_t>(value);
}
[[gnu::cold]] inline std::int64_t wide_share(std::int64_t percent_bp, std::int64_t base, int sign) {
  return clamped(base + sign * ((static_cast<wide>(percent_bp) * base + 9'999) / 10'000));
}
inline std::int64_t plus_share(std::int64_t percent_bp, std::int64_t base, int sign) {
  std::uint64_t product = 0;
  if (__builtin_mul_overflow(static_cast<std::uint64_t>(percent_bp), static_cast<std::uint64_t>(base), &product)) {
    return wide_share(percent_bp, base, sign);
  }
  const auto share = static_cast<std::int64_t>(product / 10'000 + (product % 10'000 != 0 ? 1 : 0));
  std::int64_t result = 0;
  if (sign > 0) return __builtin_add_overflow(base, share, &result) ? highest : result;
  return base - share;  // share < 2^64 / 10,000: no overflow
}

// The lowest price that rises_by(price, low, percent_bp); `highest` when none may.
inline std::int64_t rise_reached_from(std::int64_t low, std::int64_t percent_bp) {
  if (percent_bp <= 0) return lowest;
  if (low <= 0 || percent_bp > largest_move_bp) return highest;
  return plus_share(percent_bp, low, +1);
}
// The highest price that falls_by(price, high, percent_bp); `lowest` when none may.
inline std::int64_t fall_reached_from(std::int64_t high, std::int64_t percent_bp) {
  if (percent_bp <= 0) return highest;
  if (high <= 0 || percent_bp > largest_move_bp) return lowest;
  return plus_share(percent_bp, high, -1);
}

}  // namespace pricewatch::trigger_engine_detail
