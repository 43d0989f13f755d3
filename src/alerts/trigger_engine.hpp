// The trigger engine: which active alerts a price fires (DESIGN.md sections 5 and 9).
//
// Every alert waits for one thing at a time, and that thing is a level: a level alert for its
// target; a crossing alert for the level that puts it on the side it must come from ("arming"),
// then for its target; a recurring alert, once fired, for the level at which its condition stops
// holding, then for its target again. So per symbol two heaps hold every level and crossing alert:
// `rising` (min-heap, reached when price >= key) and `falling` (max-heap, reached when price <=
// key), and a price that reaches nothing costs one comparison per heap. Moving alerts wait on a
// percent of the window's extremes instead: per window in use, heaps keyed by percent against the
// move computed once per price from the symbol's rolling low and high. Cooldowns sit in one heap
// per symbol ordered by when they end; no alert has a timer of its own.
//
// Most prices reach nothing, so each price that does work also computes the book's quiet band: the
// prices that would reach no heap's top and move no window's low or high that an alert measures
// from, until a window's low or high may change with time alone (the oldest second holding it
// leaves). A price inside it costs a few comparisons and is kept in the second's low and high,
// which go into the windows when the second ends or a price leaves the band.
//
// An alert lives in a slot of its symbol's book; heap entries name the slot and the generation it
// was placed in, so an entry left behind by a move to another heap is recognised and skipped.
// Compaction drops those entries and moves the live alerts down over the slots freed.
// Pure and single-threaded: the watcher owns one and feeds it prices, gaps, time and changes in order.
#pragma once

#include "alerts/alert.hpp"
#include "alerts/rolling_extremes.hpp"
#include "core/price.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
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
  price target;  // levels and crossings
  time_point created_at;
  std::int32_t percent_bp = 0;  // moving: hundredths of a percent, 1 to 100000
  move_window window = move_window::m1;
  alert_frequency frequency = alert_frequency::once;
  std::chrono::seconds cooldown{0};
  std::optional<time_point> last_fired_at{};  // a recurring alert's cooldown survives a reload
  // How often it fired so far: not the engine's business, but the watcher's, which hands the next
  // firing's sequence to the database (alert_store::fire).
  std::int64_t fire_count = 0;
  // The exchange whose feed it watches: each exchange's watcher takes only its own (watch/).
  exchange_id exchange = exchange_id::binance;
};

struct fired_alert {
  std::int64_t id = 0;
  alert_condition condition = alert_condition::above;
  price target;
  // The price it fired at, which its owner is told: a live price itself; for a gap's stretch,
  // the extreme that crossed (the high for rising conditions, the low for falling ones).
  price crossed_at;
  // once: the engine has stopped watching it. every_time: it stays watched.
  bool final = true;
};

class trigger_engine {
 public:
  class symbol_book {
   public:
    // Marks for ids that already left the book are dropped at the next compaction; until then
    // they may make this count low, never high.
    std::size_t active() const { return removed_.size() > live_ ? 0 : live_ - removed_.size(); }

   private:
    friend class trigger_engine;
    struct entry {
      std::int64_t key;  // a price in units, or a percent in hundredths
      std::uint32_t slot;
      std::uint16_t generation;
    };
    enum class side : std::uint8_t { unknown, below, at, above };
    enum class pending : std::uint8_t { none, up, down };
    struct alert_state {
      std::int64_t id;
      std::int64_t level;  // target units; percent_bp for moving alerts
      std::int64_t created_ms;
      std::uint32_t cooldown_until_s;  // Unix seconds; 0 when none
      std::uint32_t cooldown_s;
      // Bumped whenever its entries are replaced or its slot freed. Sixteen bits are plenty: the
      // entries it outdates are compacted away long before it could come round again.
      std::uint16_t generation;
      alert_condition condition;
      alert_frequency frequency;
      move_window window;
      side last_side;   // crossings: where the last price put it
      pending waiting;  // a firing held back by the cooldown, to happen when it ends if still due
      bool armed : 1;   // levels and moves: the condition may begin to hold (it does not hold now)
      bool live : 1;
    };
    static_assert(sizeof(alert_state) == 40, "with a 16-byte heap entry, 56 bytes per alert");
    struct cooling {
      std::uint32_t until_s;
      std::uint32_t slot;
      std::int64_t id;
    };
    struct window_heaps {
      std::vector<entry> up_fire, up_rearm, down_fire, down_rearm;
      std::size_t users = 0;
      std::unique_ptr<rolling_extremes> extremes;
    };

    std::vector<entry> rising_;   // min-heap: reached when price >= key
    std::vector<entry> falling_;  // max-heap: reached when price <= key
    std::array<window_heaps, move_window_count> windows_;
    std::vector<cooling> cooling_;  // min-heap by until_s
    std::vector<std::uint32_t> unsided_;  // crossings waiting for a first price to know their side
    std::vector<alert_state> states_;
    std::vector<std::uint32_t> free_slots_;
    std::unordered_set<std::int64_t> removed_;  // ids still in the book but no longer watched
    std::optional<std::int64_t> last_units_;
    std::int64_t last_ms_ = 0;
    std::size_t live_ = 0;
    // The quiet band [quiet_low_, quiet_high_], good until the second quiet_until_ (exclusive):
    // when a window's low or high may change with time alone; empty (low > high) until a price
    // computes it and after any change to the heaps.
    std::int64_t quiet_low_ = 1;
    std::int64_t quiet_high_ = 0;
    std::int64_t quiet_until_ = 0;
    // The low and high of pending_second_'s prices not yet recorded in the windows; empty when
    // low > high.
    std::int64_t pending_low_ = std::numeric_limits<std::int64_t>::max();
    std::int64_t pending_high_ = std::numeric_limits<std::int64_t>::min();
    std::int64_t pending_second_ = 0;
    std::size_t kept_windows_ = 0;  // windows with extremes
    std::uint64_t changes_ = 0;     // entries placed and slots freed: a price that made none needs no compaction
    bool bulk_growth_ = false;      // its vectors double when full (a bulk load) instead of growing by an eighth
  };

  // Watches an alert from now on. The engine does not look for duplicates: the database's
  // compare-and-set makes a firing happen once however often an alert is handed out.
  void add(const watched_alert& alert);

  // Stops watching an alert at once: it will not fire. Ids not watched are harmless.
  void remove(std::int64_t alert_id, std::string_view symbol);

  // The book of a symbol, created empty if needed; its address is stable for the engine's life.
  symbol_book& book_for(std::string_view symbol);
  // The book of a symbol, or null when none was ever created.
  symbol_book* find_book(std::string_view symbol);

  // Applies a price traded at `at`: appends every alert it fires to fired. A price inside the quiet
  // band costs a few comparisons; one outside it, or the first of a second while windows are kept,
  // one comparison per heap in use and the windows' upkeep. The overload without a time takes the
  // last one.
  void apply(symbol_book& book, price current, time_point at, std::vector<fired_alert>& fired);
  void apply(symbol_book& book, price current, std::vector<fired_alert>& fired);

  // The low and high of one stretch of a gap in the feed that ended at until: the order of its
  // trades is unknown, so it is taken as a wick down to its low, up to its high and down again,
  // which completes any crossing either way; alerts created after `until` take no part.
  void apply_range(symbol_book& book, price low, price high, time_point until, std::vector<fired_alert>& fired);

  // Prices from before the feed followed the symbol (a candle of [.., until) read when a window
  // came into use): the windows take them, nothing fires from them now. The next price is judged
  // against the window with them in it, so a move that began before the alert or the watcher
  // started counts, as section 9 asks ("a moving alert sees its whole window at once").
  void seed(symbol_book& book, price low, price high, time_point until);

  // A window came into use for a symbol: its history of `back` (its length and grain) is wanted
  // from the exchange's candles, to seed() it.
  struct history_request {
    std::string symbol;
    std::chrono::seconds back;
    bool operator==(const history_request&) const = default;
  };
  // The requests since the last call, oldest first.
  std::vector<history_request> take_history_requests();

  // The time has come to `now`: cooldowns that ended fire what is still due, at the last price.
  void advance(time_point now, std::vector<fired_alert>& fired);

  std::size_t active_count() const;
  // Symbols with at least one active alert, sorted.
  std::vector<std::string> symbols() const;
  // Drops every alert but keeps what each book knows of the market, its last price and its
  // windows' lows and highs: the start of a rebuild from the database, after which crossings know
  // their side and moves their window at once, as they did before it.
  void clear();
  // A bulk load (a rebuild from the database) adds many alerts one at a time: from begin_bulk_load
  // until end_bulk_load the books' vectors double when full, which copies each alert about twice
  // instead of about nine times, and end_bulk_load gives the spare capacity back (a copy of each).
  void begin_bulk_load();
  void end_bulk_load();

  // Bytes held for the alerts (states, heaps, marks, windows), for the memory benchmark.
  std::size_t memory_bytes() const;

 private:
  using book = symbol_book;
  using state = symbol_book::alert_state;

  static void place(book& b, std::uint32_t slot);
  static void free_slot(book& b, std::uint32_t slot);
  static void reached(book& b, std::uint32_t slot, std::int64_t units, std::int64_t at_ms, std::vector<fired_alert>& fired);
  static void occur(book& b, std::uint32_t slot, bool up, std::int64_t at_ms, std::int64_t crossed_units,
                    std::vector<fired_alert>& fired);
  static void visit(book& b, std::int64_t units, std::int64_t at_ms, std::int64_t created_by, bool live,
                    std::vector<fired_alert>& fired);
  static void end_cooldowns(book& b, std::int64_t now_ms, std::vector<fired_alert>& fired);
  static bool still_due(book& b, const state& s, std::int64_t now_ms);
  static rolling_extremes::extremes extremes_of(book& b, std::size_t window, std::int64_t second);
  static void record_pending(book& b);
  static void record_stretch(book& b, price low, price high, std::int64_t until_ms);
  static void compute_quiet_band(book& b, std::int64_t second);
  static void compact(book& b);
  static void compact_if_crowded(book& b);
  void want_history(const std::string& symbol, std::chrono::seconds back);

  // unique_ptr keeps each book's address stable as the map grows.
  std::unordered_map<std::string, std::unique_ptr<symbol_book>> books_;
  bool bulk_loading_ = false;
  std::vector<history_request> history_requests_;
};

}  // namespace pricewatch
