// The trigger engine with alerts v2's mix (issue 13): levels, crossings, recurring alerts and moves
// over all six windows in one book, loaded as the watcher loads it, with minutes of price history
// in the windows; then ticks that fire nothing, at a given number of ticks per second.

#include "alerts/trigger_engine.hpp"
#include "memory_usage.hpp"

#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace {

using pricewatch::alert_condition;
using pricewatch::alert_frequency;
using pricewatch::fired_alert;
using pricewatch::move_window;
using pricewatch::price;
using pricewatch::time_point;
using pricewatch::trigger_engine;
using pricewatch::watched_alert;
using pricewatch::bench::heap_in_use;
using pricewatch::bench::per_alert;
using pricewatch::bench::resident_bytes;

constexpr std::int64_t whole = price::units_per_whole;
constexpr std::int64_t market = 50'000 * whole;
// Prices wander within 0.1 % of the market (50 either side): a move of at most 0.2 %, under the
// smallest percent asked (0.5 %), and every level and crossing at least 0.5 % away.
constexpr std::int64_t band = 50 * whole;
constexpr std::int64_t start_ms = 1'790'000'000'000;  // 2026-09-21
constexpr std::int64_t seed_ticks_per_second = 10;
constexpr std::int64_t seed_seconds = 300;
constexpr const char* symbol = "ETHUSDT";

time_point moment(std::int64_t ms) { return time_point(std::chrono::milliseconds(ms)); }

// Alert i of the mix, by i modulo 20: 8 levels, 6 crossings (a third of each kind), 2 recurring
// levels or crossings with a cooldown, 4 moves (up or down, over any of the six windows, 0.5 % to
// 10 %, a quarter of them recurring).
watched_alert mixed_alert(std::int64_t id, std::mt19937_64& random) {
  const auto uniform = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };
  const auto away = [&] { return uniform(market / 200, market / 5); };  // 0.5 % to 20 %
  watched_alert alert;
  alert.id = id;
  alert.symbol = symbol;
  alert.created_at = moment(start_ms - 86'400'000);
  const auto kind = id % 20;
  if (kind < 8) {
    const bool above = kind % 2 == 0;
    alert.condition = above ? alert_condition::above : alert_condition::below;
    alert.target = price::from_units(above ? market + away() : market - away());
  } else if (kind < 14) {
    alert.condition = static_cast<alert_condition>(static_cast<int>(alert_condition::crossing_up) + kind % 3);
    alert.target = price::from_units(uniform(0, 1) == 0 ? market + away() : market - away());
  } else if (kind < 16) {
    const bool above = uniform(0, 1) == 0;
    alert.condition = kind == 14 ? (above ? alert_condition::above : alert_condition::below) : alert_condition::crossing;
    alert.target = price::from_units(above ? market + away() : market - away());
    alert.frequency = alert_frequency::every_time;
    alert.cooldown = std::chrono::seconds(std::array<std::int64_t, 3>{60, 300, 3600}[static_cast<std::size_t>(uniform(0, 2))]);
  } else {
    alert.condition = kind % 2 == 0 ? alert_condition::moving_up : alert_condition::moving_down;
    alert.percent_bp = static_cast<std::int32_t>(uniform(50, 1000));
    alert.window = static_cast<move_window>(uniform(0, 5));
    if (kind >= 18 && uniform(0, 1) == 0) {
      alert.frequency = alert_frequency::every_time;
      alert.cooldown = std::chrono::seconds(300);
    }
  }
  return alert;
}

// A random walk of steps up to one whole unit, reflected at the band's edges and then mirrored
// so that it wraps round without a jump: 65,536 prices.
const std::vector<std::int64_t>& price_walk() {
  static const auto walk = [] {
    std::mt19937_64 random(29);
    std::uniform_int_distribution<std::int64_t> step(-whole, whole);
    std::vector<std::int64_t> prices;
    auto units = market;
    for (int i = 0; i < 32'768; ++i) {
      units += step(random);
      if (units > market + band) units = 2 * (market + band) - units;
      if (units < market - band) units = 2 * (market - band) - units;
      prices.push_back(units);
    }
    prices.insert(prices.end(), prices.rbegin(), prices.rend());
    return prices;
  }();
  return walk;
}

// A book of n mixed alerts, loaded as the watcher reloads (every alert first, no price known yet,
// then shrink_to_fit) and then fed five minutes of the walk, ten prices a second, so every window
// holds history.
struct mixed_book {
  std::unique_ptr<trigger_engine> engine = std::make_unique<trigger_engine>();
  std::int64_t now_ms = start_ms;
  std::size_t next_price = 0;
  bool seed_fired = false;

  explicit mixed_book(std::int64_t n) {
    std::mt19937_64 random(20'261'207);
    engine->begin_bulk_load();
    for (std::int64_t id = 1; id <= n; ++id) engine->add(mixed_alert(id, random));
    engine->end_bulk_load();
    auto& book = engine->book_for(symbol);
    std::vector<fired_alert> fired;
    for (std::int64_t i = 0; i < seed_seconds * seed_ticks_per_second; ++i) {
      engine->apply(book, price::from_units(price_walk()[next_price++]), moment(now_ms), fired);
      now_ms += 1000 / seed_ticks_per_second;
    }
    seed_fired = !fired.empty();
  }
};

// Building 1e7 alerts takes seconds, so the tick benchmarks share one book per n.
std::unique_ptr<mixed_book>& cached_book() {
  static std::unique_ptr<mixed_book> book;
  return book;
}

mixed_book& book_of(std::int64_t n) {
  auto& cached = cached_book();
  if (!cached || static_cast<std::int64_t>(cached->engine->active_count()) != n) {
    cached.reset();
    cached = std::make_unique<mixed_book>(n);
  }
  return *cached;
}

// Ticks of the walk at ticks_per_second (time advancing with each), none of which fires.
void mixed_non_firing_tick(benchmark::State& state) {
  const auto n = state.range(0);
  const auto step_ms = 1000 / state.range(1);
  auto& mixed = book_of(n);
  if (mixed.seed_fired) {
    state.SkipWithError("seeding the windows fired an alert");
    return;
  }
  auto& engine = *mixed.engine;
  auto& book = engine.book_for(symbol);
  const auto& walk = price_walk();
  std::vector<fired_alert> fired;
  for (auto _ : state) {
    engine.apply(book, price::from_units(walk[mixed.next_price++ & 65'535u]), moment(mixed.now_ms), fired);
    mixed.now_ms += step_ms;
    benchmark::DoNotOptimize(fired.data());
  }
  if (!fired.empty()) state.SkipWithError("a quiet price fired an alert");
  state.SetItemsProcessed(state.iterations());
  state.counters["alerts"] = static_cast<double>(engine.active_count());
}
// 10 prices a second over every size; at 1e7 also 1 a second (each price in a new second) and
// 100 a second.
BENCHMARK(mixed_non_firing_tick)
    ->Args({1'000, 10})
    ->Args({10'000, 10})
    ->Args({100'000, 10})
    ->Args({1'000'000, 10})
    ->Args({10'000'000, 10})
    ->Args({1'000, 1})
    ->Args({10'000'000, 1})
    ->Args({10'000'000, 100});

// Bytes per active alert of a freshly loaded and seeded mixed book, three ways as
// memory_per_alert counts them (reported by the engine, heap in use, resident set).
void mixed_memory_per_alert(benchmark::State& state) {
  const auto n = state.range(0);
  cached_book().reset();
  malloc_trim(0);
  const auto rss_before = resident_bytes();
  const auto heap_before = heap_in_use();
  mixed_book mixed(n);
  const auto rss_after = resident_bytes();
  const auto heap_after = heap_in_use();
  for (auto _ : state) benchmark::DoNotOptimize(mixed.engine->active_count());
  const auto active = static_cast<std::int64_t>(mixed.engine->active_count());
  if (mixed.seed_fired || active != n) state.SkipWithError("seeding the windows fired an alert");
  state.counters["alerts"] = static_cast<double>(active);
  state.counters["bytes_per_alert_reported"] = static_cast<double>(mixed.engine->memory_bytes()) / static_cast<double>(n);
  state.counters["bytes_per_alert_heap"] = per_alert(heap_after, heap_before, n);
  state.counters["bytes_per_alert_rss"] = per_alert(rss_after, rss_before, n);
}
BENCHMARK(mixed_memory_per_alert)->RangeMultiplier(10)->Range(1'000, 10'000'000)->Iterations(1);

}  // namespace
