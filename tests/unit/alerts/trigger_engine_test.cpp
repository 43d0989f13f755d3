// Tests the trigger engine tick by tick: thresholds, order, removal, compaction, gaps and books.
#include "alerts/trigger_engine.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch {
namespace {

price at(std::string_view text) { return *price::parse(text); }
time_point moment(std::int64_t millis) { return time_point(std::chrono::milliseconds(millis)); }

class trigger_engine_test : public ::testing::Test {
 protected:
  void add(std::int64_t id, alert_condition condition, std::string_view target, std::string symbol = "BTCUSDT",
           std::int64_t created_ms = 0) {
    engine_.add(watched_alert{id, std::move(symbol), condition, at(target), moment(created_ms)});
  }
  void above(std::int64_t id, std::string_view target) { add(id, alert_condition::above, target); }
  void below(std::int64_t id, std::string_view target) { add(id, alert_condition::below, target); }

  // The ids a tick fires, in the engine's order.
  std::vector<std::int64_t> tick(std::string_view value, std::string_view symbol = "BTCUSDT") {
    std::vector<fired_alert> fired;
    engine_.apply(engine_.book_for(symbol), at(value), fired);
    return ids(fired);
  }
  std::vector<std::int64_t> range(std::string_view low, std::string_view high, std::int64_t until_ms) {
    std::vector<fired_alert> fired;
    engine_.apply_range(engine_.book_for("BTCUSDT"), at(low), at(high), moment(until_ms), fired);
    return ids(fired);
  }
  static std::vector<std::int64_t> ids(const std::vector<fired_alert>& fired) {
    std::vector<std::int64_t> result;
    for (const auto& item : fired) result.push_back(item.id);
    return result;
  }

  trigger_engine engine_;
  using ids_t = std::vector<std::int64_t>;
};

TEST_F(trigger_engine_test, above_fires_at_or_over_its_target) {
  above(1, "100");
  EXPECT_EQ(tick("99.99999999"), ids_t{});
  std::vector<fired_alert> fired;
  engine_.apply(engine_.book_for("BTCUSDT"), at("100"), fired);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].id, 1);
  EXPECT_EQ(fired[0].condition, alert_condition::above);
  EXPECT_EQ(fired[0].target, at("100"));
  above(2, "100");
  EXPECT_EQ(tick("250.5"), ids_t{2});
}

TEST_F(trigger_engine_test, below_fires_at_or_under_its_target) {
  below(1, "100");
  EXPECT_EQ(tick("100.00000001"), ids_t{});
  std::vector<fired_alert> fired;
  engine_.apply(engine_.book_for("BTCUSDT"), at("100"), fired);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].condition, alert_condition::below);
  EXPECT_EQ(fired[0].target, at("100"));
  below(2, "100");
  EXPECT_EQ(tick("0.5"), ids_t{2});
}

TEST_F(trigger_engine_test, a_price_between_the_targets_fires_nothing) {
  above(1, "110");
  below(2, "90");
  for (const auto* value : {"90.00000001", "100", "109.99999999"}) EXPECT_EQ(tick(value), ids_t{}) << value;
  EXPECT_EQ(engine_.active_count(), 2u);
}

TEST_F(trigger_engine_test, equal_targets_all_fire_once_oldest_id_first) {
  above(5, "100");
  above(3, "100");
  above(9, "100");
  below(8, "90");
  below(2, "90");
  EXPECT_EQ(tick("100"), (ids_t{3, 5, 9}));
  EXPECT_EQ(tick("90"), (ids_t{2, 8}));
  EXPECT_EQ(tick("100"), ids_t{});
  EXPECT_EQ(tick("90"), ids_t{});
  EXPECT_EQ(engine_.active_count(), 0u);
}

// What one price fires comes out oldest (lowest id) first, whatever the targets.
TEST_F(trigger_engine_test, fires_crossed_targets_oldest_first_and_keeps_the_rest) {
  above(1, "103");
  above(2, "101");
  above(3, "100");
  above(4, "102");
  below(5, "97");
  below(6, "99");
  below(7, "98");
  EXPECT_EQ(tick("101.5"), (ids_t{2, 3}));
  EXPECT_EQ(tick("97.5"), (ids_t{6, 7}));
  EXPECT_EQ(engine_.active_count(), 3u);
  EXPECT_EQ(tick("1000"), (ids_t{1, 4}));
  EXPECT_EQ(tick("1"), ids_t{5});
}

TEST_F(trigger_engine_test, one_price_can_fire_both_sides_above_first) {
  above(1, "100");
  below(2, "120");
  EXPECT_EQ(tick("110"), (ids_t{1, 2}));
}

TEST_F(trigger_engine_test, a_fired_alert_never_fires_again) {
  above(1, "100");
  EXPECT_EQ(tick("100"), ids_t{1});
  EXPECT_EQ(tick("100"), ids_t{});
  EXPECT_EQ(tick("200"), ids_t{});
}

TEST_F(trigger_engine_test, remove_before_a_tick_stops_the_alert) {
  above(1, "100");
  above(2, "100");
  below(3, "90");
  engine_.remove(1, "BTCUSDT");
  engine_.remove(3, "BTCUSDT");
  EXPECT_EQ(tick("100"), ids_t{2});
  EXPECT_EQ(tick("80"), ids_t{});
  EXPECT_EQ(engine_.active_count(), 0u);
}

TEST_F(trigger_engine_test, removing_most_of_a_book_compacts_and_the_rest_fire_correctly) {
  // 500 above at 1000..1499 and 500 below at 999..500; ids 1..1000.
  for (std::int64_t i = 0; i < 500; ++i) {
    above(i + 1, std::to_string(1000 + i));
    below(i + 501, std::to_string(999 - i));
  }
  ids_t kept_above, kept_below;
  for (std::int64_t id = 1; id <= 1000; ++id) {
    if (id % 10 < 7) {
      engine_.remove(id, "BTCUSDT");  // 70% of the book: past half, so it compacts on the way
    } else {
      (id <= 500 ? kept_above : kept_below).push_back(id);
    }
  }
  EXPECT_EQ(engine_.active_count(), 300u);
  EXPECT_EQ(tick("1005"), ids_t{});  // ids 1..6 (targets 1000..1005) are gone
  EXPECT_EQ(tick("1006"), ids_t{7});
  ids_t rest_above(kept_above.begin() + 1, kept_above.end());
  EXPECT_EQ(tick("5000"), rest_above);
  EXPECT_EQ(tick("0.1"), kept_below);
  EXPECT_EQ(engine_.active_count(), 0u);
}

TEST_F(trigger_engine_test, removes_interleaved_with_ticks_never_fire) {
  for (std::int64_t i = 0; i < 100; ++i) above(i + 1, std::to_string(100 + i));
  for (std::int64_t id = 2; id <= 100; id += 2) engine_.remove(id, "BTCUSDT");
  EXPECT_EQ(tick("109"), (ids_t{1, 3, 5, 7, 9}));
  for (std::int64_t id = 11; id <= 99; id += 4) engine_.remove(id, "BTCUSDT");
  ids_t expected;
  for (std::int64_t id = 13; id <= 99; id += 4) expected.push_back(id);
  EXPECT_EQ(tick("1000"), expected);
}

TEST_F(trigger_engine_test, removing_an_id_that_is_not_watched_is_harmless) {
  above(1, "100");
  below(2, "90");
  engine_.remove(42, "BTCUSDT");
  engine_.remove(1, "ETHUSDT");  // the right id under another symbol
  engine_.remove(7, "NOSUCH");
  EXPECT_EQ(engine_.find_book("NOSUCH"), nullptr);
  EXPECT_EQ(tick("100"), ids_t{1});
  EXPECT_EQ(tick("90"), ids_t{2});
}

// Marks left by removing ids the book no longer holds (an alert deleted after it fired here but
// before the database recorded it) must not make the symbol look empty: symbols() decides which
// streams the watcher follows.
TEST_F(trigger_engine_test, stale_removal_marks_do_not_hide_active_alerts) {
  for (std::int64_t i = 0; i < 10; ++i) above(i + 1, std::to_string(100 + i));
  EXPECT_EQ(tick("101"), (ids_t{1, 2}));
  engine_.remove(1, "BTCUSDT");  // deleted by their owners after they fired here
  engine_.remove(2, "BTCUSDT");
  EXPECT_EQ(tick("105"), (ids_t{3, 4, 5, 6}));
  EXPECT_EQ(tick("107"), (ids_t{7, 8}));
  // Ids 9 and 10 are still watched.
  EXPECT_EQ(engine_.symbols(), std::vector<std::string>{"BTCUSDT"});
  EXPECT_EQ(engine_.active_count(), 2u);
  EXPECT_EQ(tick("200"), (ids_t{9, 10}));
}

TEST_F(trigger_engine_test, adding_after_removal_watches_the_alert_again_small_book) {
  above(1, "100");
  engine_.remove(1, "BTCUSDT");
  above(1, "100");
  EXPECT_EQ(engine_.active_count(), 1u);
  EXPECT_EQ(tick("100"), ids_t{1});
}

// The same in a book large enough that the removal leaves a mark instead of compacting: the old
// entry must stay dead, so the alert fires once and counts once.
TEST_F(trigger_engine_test, adding_after_removal_watches_the_alert_again_once_large_book) {
  for (std::int64_t i = 0; i < 10; ++i) above(i + 1, std::to_string(100 + i));
  engine_.remove(1, "BTCUSDT");
  above(1, "100");
  EXPECT_EQ(engine_.active_count(), 10u);
  EXPECT_EQ(tick("100"), ids_t{1});
  EXPECT_EQ(tick("100"), ids_t{});
  EXPECT_EQ(engine_.active_count(), 9u);
}

TEST_F(trigger_engine_test, apply_range_fires_what_the_high_and_low_crossed) {
  add(1, alert_condition::above, "110", "BTCUSDT", 1000);
  add(2, alert_condition::above, "120", "BTCUSDT", 1000);
  add(3, alert_condition::below, "90", "BTCUSDT", 1000);
  add(4, alert_condition::below, "80", "BTCUSDT", 1000);
  EXPECT_EQ(range("95", "105", 5000), ids_t{});
  EXPECT_EQ(range("90", "110", 5000), (ids_t{1, 3}));
  EXPECT_EQ(engine_.active_count(), 2u);
}

// The crossing rule's price: a live price fires at itself; a gap's stretch at the extreme that
// crossed, so the owner is told the high that crossed an `above` and the low that crossed a `below`.
TEST_F(trigger_engine_test, records_the_price_each_alert_crossed_at) {
  above(1, "100");
  below(2, "100");
  std::vector<fired_alert> fired;
  engine_.apply(engine_.book_for("BTCUSDT"), at("100"), fired);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].crossed_at, at("100"));
  EXPECT_EQ(fired[1].crossed_at, at("100"));

  add(3, alert_condition::above, "110", "BTCUSDT", 1000);
  add(4, alert_condition::below, "90", "BTCUSDT", 1000);
  fired.clear();
  engine_.apply_range(engine_.book_for("BTCUSDT"), at("85.5"), at("112.25"), moment(5000), fired);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].id, 3);
  EXPECT_EQ(fired[0].crossed_at, at("112.25"));
  EXPECT_EQ(fired[1].id, 4);
  EXPECT_EQ(fired[1].crossed_at, at("85.5"));
}

TEST_F(trigger_engine_test, apply_range_skips_alerts_created_after_the_stretch_until_a_later_tick) {
  add(1, alert_condition::above, "110", "BTCUSDT", 4000);
  add(2, alert_condition::above, "110", "BTCUSDT", 5000);  // created exactly at the end: existed
  add(3, alert_condition::above, "105", "BTCUSDT", 5001);  // too young for this stretch
  add(4, alert_condition::below, "90", "BTCUSDT", 9000);   // too young
  add(5, alert_condition::below, "95", "BTCUSDT", 1000);
  EXPECT_EQ(range("80", "120", 5000), (ids_t{1, 2, 5}));
  EXPECT_EQ(engine_.active_count(), 2u);
  EXPECT_EQ(range("80", "120", 5000), ids_t{});  // still too young, still watched
  EXPECT_EQ(tick("100"), ids_t{});
  EXPECT_EQ(tick("105"), ids_t{3});
  EXPECT_EQ(tick("90"), ids_t{4});
}

TEST_F(trigger_engine_test, books_per_symbol_are_independent) {
  add(1, alert_condition::above, "100", "BTCUSDT");
  add(2, alert_condition::above, "100", "ETHUSDT");
  add(3, alert_condition::below, "50", "ETHUSDT");
  EXPECT_EQ(&engine_.book_for("BTCUSDT"), engine_.find_book("BTCUSDT"));
  EXPECT_EQ(engine_.find_book("XRPUSDT"), nullptr);
  EXPECT_EQ(tick("100", "BTCUSDT"), ids_t{1});
  EXPECT_EQ(tick("40", "BTCUSDT"), ids_t{});
  EXPECT_EQ(engine_.book_for("ETHUSDT").active(), 2u);
  engine_.remove(3, "BTCUSDT");
  EXPECT_EQ(tick("40", "ETHUSDT"), ids_t{3});
  EXPECT_EQ(tick("100", "ETHUSDT"), ids_t{2});
}

TEST_F(trigger_engine_test, symbols_lists_those_with_active_alerts_sorted) {
  EXPECT_TRUE(engine_.symbols().empty());
  add(1, alert_condition::above, "100", "ETHUSDT");
  add(2, alert_condition::above, "100", "BTCUSDT");
  add(3, alert_condition::below, "100", "ADAUSDT");
  add(4, alert_condition::above, "100", "XRPUSDT");
  EXPECT_EQ(engine_.symbols(), (std::vector<std::string>{"ADAUSDT", "BTCUSDT", "ETHUSDT", "XRPUSDT"}));
  EXPECT_EQ(engine_.active_count(), 4u);
  EXPECT_EQ(tick("99", "ADAUSDT"), ids_t{3});
  engine_.remove(4, "XRPUSDT");
  EXPECT_EQ(engine_.symbols(), (std::vector<std::string>{"BTCUSDT", "ETHUSDT"}));
  EXPECT_EQ(engine_.active_count(), 2u);
  engine_.clear();
  EXPECT_TRUE(engine_.symbols().empty());
  EXPECT_EQ(engine_.active_count(), 0u);
  ASSERT_NE(engine_.find_book("BTCUSDT"), nullptr) << "the market's memory stays";
  EXPECT_EQ(engine_.find_book("BTCUSDT")->active(), 0u);
}

// Compaction moves the live alerts down over the freed slots: crossings still waiting for a first
// price to learn their side move with them.
TEST_F(trigger_engine_test, crossings_still_unsided_survive_a_compaction) {
  for (std::int64_t i = 1; i <= 100; ++i) add(i, alert_condition::crossing, std::to_string(i));
  for (std::int64_t i = 1; i <= 50; ++i) engine_.remove(i, "BTCUSDT");  // compacts on the way
  EXPECT_EQ(tick("50.5"), ids_t{});
  ids_t expected;
  for (std::int64_t i = 51; i <= 100; ++i) expected.push_back(i);
  EXPECT_EQ(tick("100"), expected);
  EXPECT_EQ(engine_.active_count(), 0u);
}

// Bytes held for the alerts of one book, beyond what the empty book holds.
std::size_t alert_bytes(const trigger_engine& engine, std::string_view symbol) {
  trigger_engine empty;
  empty.book_for(symbol);
  return engine.memory_bytes() - empty.memory_bytes();
}

TEST_F(trigger_engine_test, growth_leaves_at_most_an_eighth_of_the_room_unused) {
  for (std::int64_t i = 0; i < 10'000; ++i) above(i + 1, std::to_string(100 + i));
  const std::size_t nominal = 10'000 * (40 + 16);  // a slot and a heap entry each
  EXPECT_GE(alert_bytes(engine_, "BTCUSDT"), nominal);
  EXPECT_LE(alert_bytes(engine_, "BTCUSDT"), nominal + nominal / 8 + 2 * 16 * 40);
}

TEST_F(trigger_engine_test, a_bulk_load_doubles_then_gives_the_spare_room_back_and_keeps_every_alert) {
  engine_.begin_bulk_load();
  for (std::int64_t i = 0; i < 1'500; ++i) {
    i % 2 == 0 ? above(i + 1, std::to_string(200 + i)) : below(i + 1, std::to_string(100 - i % 90));
  }
  // While loading, the vectors doubled: more than an eighth spare (1,500 slots in room for 2,032).
  EXPECT_GT(alert_bytes(engine_, "BTCUSDT"), 1'500u * (40 + 16) * 9 / 8);
  engine_.end_bulk_load();
  EXPECT_EQ(alert_bytes(engine_, "BTCUSDT"), 1'500u * (40 + 16));
  EXPECT_EQ(tick("150"), ids_t{});
  EXPECT_EQ(tick("200"), ids_t{1});
  EXPECT_EQ(engine_.active_count(), 1'499u);
}

// Crossings loaded before any price wait for it to learn their side; the heaps then take exactly
// the room they need, not a doubling.
TEST_F(trigger_engine_test, crossings_sided_by_the_first_price_take_only_the_room_they_need) {
  engine_.begin_bulk_load();
  for (std::int64_t i = 0; i < 1'500; ++i) add(i + 1, alert_condition::crossing, std::to_string(1 + i));
  engine_.end_bulk_load();
  EXPECT_EQ(tick("1000.5"), ids_t{});
  EXPECT_EQ(alert_bytes(engine_, "BTCUSDT"), 1'500u * (40 + 16));
  EXPECT_EQ(tick("1001"), ids_t{1'001});  // up to its target from below
  EXPECT_EQ(tick("999.5"), ids_t{1'000});  // down through its target from above
}

TEST_F(trigger_engine_test, memory_grows_with_the_alerts) {
  const auto empty = engine_.memory_bytes();
  for (std::int64_t i = 0; i < 1000; ++i) above(i + 1, std::to_string(100 + i));
  EXPECT_GE(engine_.memory_bytes() - empty, 1000u * 24u);
  EXPECT_LE(engine_.memory_bytes() - empty, 1000u * 64u);
}

}  // namespace
}  // namespace pricewatch
