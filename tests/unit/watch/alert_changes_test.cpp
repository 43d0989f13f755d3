// Tests what the watcher's engine holds after a database read: the alerts read, in no more memory
// than they need, and the changes heard since.
#include "watch/alert_changes.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace pricewatch
