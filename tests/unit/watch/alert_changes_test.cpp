// Tests what the watcher's engine holds after a database read: the alerts read, in no more memory
// than they need, and the changes heard since.
#include "watch/alert_changes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <span>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace pricewatch {
namespace {

const time_point read_at{std::chrono::hours(24 * 365 * 56)};

watched_alert above(std::int64_t id, std::int64_t target) {
  watched_alert alert;
  alert.id = id;
  alert.symbol = "BTCUSDT";
  alert.target = price::from_units(target * price::units_per_whole);
  alert.created_at = read_at - std::chrono::hours(1);
  return alert;
}

TEST(alert_changes, a_rebuild_holds_what_was_read_with_no_spare_room) {
  trigger_engine engine;
  alert_changes changes(engine);
  std::vector<watched_alert> read;
  for (std::int64_t id = 1; id <= 1'500; ++id) read.push_back(above(id, 100 + id));
  changes.rebuild(read, read_at);
  EXPECT_EQ(engine.active_count(), 1'500u);
  trigger_engine empty;
  empty.book_for("BTCUSDT");
  EXPECT_EQ(engine.memory_bytes() - empty.memory_bytes(), 1'500u * (40 + 16));  // a slot and an entry each

  changes.apply(alert_deletion{1, "BTCUSDT"});
  changes.apply(above(1'501, 50));
  std::vector<fired_alert> fired;
  engine.apply(engine.book_for("BTCUSDT"), price::from_units(101 * price::units_per_whole), fired);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].id, 1'501);
}

// The watcher loads a big book page by page: the same engine as one rebuild of every page.
TEST(alert_changes, a_load_in_pages_holds_what_one_rebuild_of_them_would) {
  std::vector<watched_alert> read;
  for (std::int64_t id = 1; id <= 1'000; ++id) read.push_back(above(id, 100 + id));
  trigger_engine whole_engine;
  alert_changes whole(whole_engine);
  whole.rebuild(read, read_at);
  trigger_engine paged_engine;
  alert_changes paged(paged_engine);
  paged.begin_rebuild(read_at);
  for (std::size_t from = 0; from < read.size(); from += 300) {
    paged.add_loaded(std::span(read).subspan(from, std::min<std::size_t>(300, read.size() - from)));
  }
  paged.end_rebuild();
  EXPECT_EQ(paged_engine.active_count(), 1'000u);
  EXPECT_EQ(paged_engine.memory_bytes(), whole_engine.memory_bytes()) << "no spare room either";
  std::vector<fired_alert> fired;
  paged_engine.apply(paged_engine.book_for("BTCUSDT"), price::from_units(600 * price::units_per_whole), fired);
  EXPECT_EQ(fired.size(), 500u) << "targets 101 to 1,100: those up to 600 fire";
}

// An import stamps every alert with the time it ran, so a service started soon after loads
// millions of "recent" alerts: the ids it keeps against late "created" events are the newest,
// which an alert created while the pages were read is among.
TEST(alert_changes, the_newest_recent_alerts_are_kept_against_late_creates_whatever_their_number) {
  constexpr auto count = static_cast<std::int64_t>(alert_changes::max_remembered_ids) + 5'000;
  std::vector<watched_alert> read;
  read.reserve(count);
  for (std::int64_t id = 1; id <= count; ++id) {
    read.push_back(above(id, 1'000'000));
    read.back().created_at = read_at - std::chrono::seconds(30);
  }
  read.back().created_at = read_at + std::chrono::seconds(3);  // created while the pages were read
  trigger_engine engine;
  alert_changes changes(engine);
  changes.begin_rebuild(read_at);
  changes.add_loaded(read);
  changes.end_rebuild();
  ASSERT_EQ(engine.active_count(), static_cast<std::size_t>(count));

  // Their "created" events, heard after the load that returned them: dropped.
  changes.apply(read.back());
  changes.apply(read[read.size() - 2]);
  EXPECT_EQ(engine.active_count(), static_cast<std::size_t>(count)) << "each alert watched once";
  // A create the load did not return is watched.
  changes.apply(above(count + 1, 1'000'000));
  EXPECT_EQ(engine.active_count(), static_cast<std::size_t>(count) + 1);
}

}  // namespace
}  // namespace pricewatch
