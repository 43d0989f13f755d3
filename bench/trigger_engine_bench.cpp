// The trigger engine at 1e3..1e7 alerts: ticks, firing, add/remove, bytes per alert.

#include "alerts/trigger_engine.hpp"
#include "memory_usage.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <numeric>
#include <random>
#include <vector>

namespace {

using pricewatch::alert_condition;
using pricewatch::fired_alert;
using pricewatch::price;
using pricewatch::trigger_engine;
using pricewatch::watched_alert;
using pricewatch::bench::heap_in_use;
using pricewatch::bench::per_alert;
using pricewatch::bench::resident_bytes;

constexpr std::int64_t whole = price::units_per_whole;
constexpr std::int64_t market = 50'000 * whole;  // every book is built around this price
constexpr std::int64_t spread = 10'000 * whole;  // targets lie from 1 to 10,000 away from it
constexpr const char* symbol = "BTCUSDT";

watched_alert make_alert(std::int64_t id, alert_condition condition, std::int64_t target_units) {
  return watched_alert{id, symbol, condition, price::from_units(target_units), pricewatch::time_point{}};
}

// n alerts with ids from first_id: even positions above the market, odd ones below, at least one
// whole unit away, so a price within a unit of the market fires nothing.
void fill(trigger_engine& engine, std::int64_t n, std::int64_t first_id = 1) {
  std::mt19937_64 random(20'261'128);
  std::uniform_int_distribution<std::int64_t> distance(whole, spread);
  for (std::int64_t i = 0; i < n; ++i) {
    const bool above = i % 2 == 0;
    engine.add(make_alert(first_id + i, above ? alert_condition::above : alert_condition::below,
                          above ? market + distance(random) : market - distance(random)));
  }
}

// The book the tick benchmarks share, rebuilt only when N changes: building 1e7 alerts takes
// seconds, and Google Benchmark calls each benchmark several times.
class cached_engine {
 public:
  trigger_engine& with(std::int64_t n) {
    if (n != size_) {
      engine_.reset();
      engine_ = std::make_unique<trigger_engine>();
      fill(*engine_, n);
      size_ = n;
    }
    return *engine_;
  }
  void release() {
    engine_.reset();
    size_ = 0;
  }

 private:
  std::unique_ptr<trigger_engine> engine_;
  std::int64_t size_ = 0;
};

cached_engine& shared_engine() {
  static cached_engine cache;
  return cache;
}

// 1024 prices strictly within one unit of the market: none fires anything.
std::vector<price> quiet_prices() {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::int64_t> offset(-whole + 1, whole - 1);
  std::vector<price> prices;
  for (int i = 0; i < 1024; ++i) prices.push_back(price::from_units(market + offset(random)));
  return prices;
}

void non_firing_tick(benchmark::State& state) {
  auto& engine = shared_engine().with(state.range(0));
  auto& book = engine.book_for(symbol);
  const auto prices = quiet_prices();
  std::vector<fired_alert> fired;
  std::size_t next = 0;
  for (auto _ : state) {
    engine.apply(book, prices[next++ & 1023u], fired);
    benchmark::DoNotOptimize(fired.data());
  }
  if (!fired.empty()) state.SkipWithError("a quiet price fired an alert");
  state.SetItemsProcessed(state.iterations());
  state.counters["alerts"] = static_cast<double>(engine.active_count());
}
BENCHMARK(non_firing_tick)->RangeMultiplier(10)->Range(1'000, 10'000'000);

// A tick that fires exactly k alerts placed half a unit above the market in a book of n; the k
// are added back while the timer is paused, so the time is the firing alone: O(k log n).
void firing_tick(benchmark::State& state) {
  const auto n = state.range(0);
  const auto k = state.range(1);
  auto& engine = shared_engine().with(n);
  auto& book = engine.book_for(symbol);
  const auto trigger = market + whole / 2;
  const auto add_back = [&] {
    for (std::int64_t i = 0; i < k; ++i) engine.add(make_alert(n + 1 + i, alert_condition::above, trigger));
  };
  std::vector<fired_alert> fired;
  fired.reserve(static_cast<std::size_t>(k));
  add_back();
  for (auto _ : state) {
    engine.apply(book, price::from_units(trigger), fired);
    state.PauseTiming();
    if (fired.size() != static_cast<std::size_t>(k)) {
      state.SkipWithError("the tick fired the wrong number of alerts");
      state.ResumeTiming();
      break;
    }
    fired.clear();
    add_back();
    state.ResumeTiming();
  }
  engine.apply(book, price::from_units(trigger), fired);  // leave the shared book as it was
  state.counters["alerts"] = static_cast<double>(n);
  state.counters["fired_per_tick"] = static_cast<double>(k);
  state.counters["per_fired_alert"] = benchmark::Counter(static_cast<double>(k), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
// k = 1..1000 in a book of 1e6 shows the cost linear in k; k = 100 in books of 1e7..1e4 shows the
// log n. The 1e7 book comes first, while the tick benchmarks' one is still cached.
BENCHMARK(firing_tick)
    ->Args({10'000'000, 100})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 10})
    ->Args({1'000'000, 100})
    ->Args({1'000'000, 1'000})
    ->Args({100'000, 100})
    ->Args({10'000, 100});

// What PauseTiming/ResumeTiming alone add to firing_tick's time per tick: subtract it there.
void pause_resume_overhead(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    state.ResumeTiming();
  }
}
BENCHMARK(pause_resume_overhead);

// Adding one alert to a book of n (which grows by the iterations).
void add_alert(benchmark::State& state) {
  const auto n = state.range(0);
  trigger_engine engine;
  fill(engine, n);
  std::mt19937_64 random(11);
  std::uniform_int_distribution<std::int64_t> distance(whole, spread);
  std::vector<std::int64_t> targets;
  for (int i = 0; i < 4096; ++i) targets.push_back(distance(random));
  std::int64_t id = n + 1;
  for (auto _ : state) {
    const auto offset = targets[static_cast<std::size_t>(id & 4095)];
    engine.add(id % 2 == 0 ? make_alert(id, alert_condition::above, market + offset)
                           : make_alert(id, alert_condition::below, market - offset));
    ++id;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(add_alert)->Arg(1'000)->Arg(1'000'000);

// Removing alerts of a book of n in random order, the compactions included (one every time the
// marks exceed half the book); the book is rebuilt (timer paused) when it runs out.
void remove_alert(benchmark::State& state) {
  const auto n = state.range(0);
  trigger_engine engine;
  fill(engine, n);
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{1});
  std::shuffle(order.begin(), order.end(), std::mt19937_64(13));
  std::size_t next = 0;
  for (auto _ : state) {
    if (next == order.size()) {
      state.PauseTiming();
      engine.clear();
      fill(engine, n);
      next = 0;
      state.ResumeTiming();
    }
    engine.remove(order[next++], symbol);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(remove_alert)->Arg(1'000)->Arg(1'000'000);

// Bytes per alert three ways: what the engine reports (capacity included), the heap in use
// (mallinfo2) and the resident set (/proc/self/statm), each before and after building the book.
void memory_per_alert(benchmark::State& state) {
  const auto n = state.range(0);
  shared_engine().release();
  malloc_trim(0);
  const auto rss_before = resident_bytes();
  const auto heap_before = heap_in_use();
  auto engine = std::make_unique<trigger_engine>();
  fill(*engine, n);
  const auto rss_after = resident_bytes();
  const auto heap_after = heap_in_use();
  for (auto _ : state) benchmark::DoNotOptimize(engine->active_count());
  state.counters["alerts"] = static_cast<double>(engine->active_count());
  state.counters["bytes_per_alert_reported"] = static_cast<double>(engine->memory_bytes()) / static_cast<double>(n);
  state.counters["bytes_per_alert_heap"] = per_alert(heap_after, heap_before, n);
  state.counters["bytes_per_alert_rss"] = per_alert(rss_after, rss_before, n);
}
BENCHMARK(memory_per_alert)->RangeMultiplier(10)->Range(1'000, 10'000'000)->Iterations(1);

// The same per *active* alert after deleting a share of a book of n in random order: 49% leaves
// every removal mark pending (just under the compaction threshold); 75% compacts once, then
// leaves marks pending again. Vectors keep their capacity through compaction.
void memory_after_removals(benchmark::State& state) {
  const auto n = state.range(0);
  const auto removed = n * state.range(1) / 100;
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{1});
  std::shuffle(order.begin(), order.end(), std::mt19937_64(17));
  shared_engine().release();
  malloc_trim(0);
  const auto rss_before = resident_bytes();
  const auto heap_before = heap_in_use();
  auto engine = std::make_unique<trigger_engine>();
  fill(*engine, n);
  for (std::int64_t i = 0; i < removed; ++i) engine->remove(order[static_cast<std::size_t>(i)], symbol);
  const auto rss_after = resident_bytes();
  const auto heap_after = heap_in_use();
  for (auto _ : state) benchmark::DoNotOptimize(engine->active_count());
  const auto active = n - removed;
  state.counters["alerts"] = static_cast<double>(active);
  state.counters["bytes_per_alert_reported"] = static_cast<double>(engine->memory_bytes()) / static_cast<double>(active);
  state.counters["bytes_per_alert_heap"] = per_alert(heap_after, heap_before, active);
  state.counters["bytes_per_alert_rss"] = per_alert(rss_after, rss_before, active);
}
BENCHMARK(memory_after_removals)->Args({1'000'000, 49})->Args({1'000'000, 75})->Iterations(1);

}  // namespace
