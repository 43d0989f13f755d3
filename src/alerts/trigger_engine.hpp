// The trigger engine: which active alerts a price fires (DESIGN.md section 5). Per symbol, the
// `above` alerts sit in a min-heap of targets and the `below` alerts in a max-heap, so a price
// that fires nothing costs one comparison per side and firing k alerts costs O(k log n).
// Removal marks the id in its book and the heaps drop it when it surfaces or when marks pile up,
// which keeps an alert at 24 bytes of heap and no per-alert index.
// Pure and single-threaded: the watcher owns one and feeds it ticks and alert changes in order.
#pragma once

#include "alerts/alert.hpp"
#include "core/price.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace pricewatch {

struct watched_alert {
  std::int64_t id = 0;
  std::string symbol;
  alert_condition condition = alert_condition::above;
  price target;
  time_point created_at;
};

struct fired_alert {
  std::int64_t id = 0;
  alert_condition condition = alert_condition::above;
  price target;
  // The price it fired at, which its owner is told: a live price itself; for a gap's stretch,
  // the extreme that crossed (the high for `above`, the low for `below`).
  price crossed_at;
};

class trigger_engine {
 public:
  // One symbol's alerts. Callers keep a reference from book_for() so that a tick needs no hash
  // of the symbol.
  class symbol_book {
   public:
    // Marks for ids that already left the heaps are dropped at the next compaction; until then
    // they may make this count low, never high.
    std::size_t active() const {
      const auto held = above_.size() + below_.size();
      return removed_.size() > held ? 0 : held - removed_.size();
    }

   private:
    friend class trigger_engine;
    struct entry {
      std::int64_t target_units;
      std::int64_t id;
      std::int64_t created_ms;  // a gap's wick before the alert existed must not fire it
    };
    std::vector<entry> above_;  // min-heap by target: the lowest target fires first as price rises
    std::vector<entry> below_;  // max-heap by target: the highest target fires first as price falls
    std::unordered_set<std::int64_t> removed_;  // ids still in a heap but no longer watched
  };

  // Watches an alert from now on. The engine does not look for duplicates: the database's
  // compare-and-set makes an alert fire once however often it is handed out.
  void add(const watched_alert& alert);

  // Stops watching an alert at once: it will not fire. Ids not watched are harmless.
  void remove(std::int64_t alert_id, std::string_view symbol);

  // The book of a symbol, created empty if needed; its address is stable for the engine's life.
  symbol_book& book_for(std::string_view symbol);
  // The book of a symbol, or null when none was ever created.
  symbol_book* find_book(std::string_view symbol);

  // The crossing rule, which is the engine's alone. Applies a price: appends every alert it fires
  // to fired (crossed_at = current) and stops watching them. `above` fires when price >= target,
  // `below` when price <= target. A price that fires nothing costs one comparison per side.
  void apply(symbol_book& book, price current, std::vector<fired_alert>& fired);
  // The low and high of one stretch of a gap in the feed that ended at until: fires what either
  // crossed, among the alerts that existed by then, each at the extreme that crossed it.
  void apply_range(symbol_book& book, price low, price high, time_point until, std::vector<fired_alert>& fired);

  std::size_t active_count() const;
  // Symbols with at least one active alert, sorted.
  std::vector<std::string> symbols() const;
  // Drops every alert: the start of a rebuild from the database.
  void clear();

  // Bytes held for the alerts (heap capacity and removal marks), for the memory benchmark.
  std::size_t memory_bytes() const;

 private:
  static void compact(symbol_book& book);
  static void compact_if_crowded(symbol_book& book);

  // unique_ptr keeps each book's address stable as the map grows.
  std::unordered_map<std::string, std::unique_ptr<symbol_book>> books_;
};

}  // namespace pricewatch
