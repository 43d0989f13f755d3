// Tests how an engine of active alerts follows events (follow) and the alert a fired record shows
// its owner (as_triggered).
#include "alerts/alert_events.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch {
namespace {

class recording_engine final : public alert_listener {
 public:
  void alert_created(const alert& created) override { calls.push_back("add " + std::to_string(created.id)); }
  void alert_deleted(const alert& deleted) override { calls.push_back("drop " + std::to_string(deleted.id)); }
  std::vector<std::string> calls;
};

alert_event event(alert_event_kind kind, std::int64_t id) {
  alert_event made{kind, {}};
  made.changed.id = id;
  return made;
}

TEST(follow, adds_created_and_drops_deleted_alerts_from_anywhere) {
  recording_engine engine;
  follow(engine, event(alert_event_kind::created, 1), event_origin::here);
  follow(engine, event(alert_event_kind::created, 2), event_origin::elsewhere);
  follow(engine, event(alert_event_kind::deleted, 1), event_origin::here);
  follow(engine, event(alert_event_kind::deleted, 2), event_origin::elsewhere);
  EXPECT_EQ(engine.calls, (std::vector<std::string>{"add 1", "add 2", "drop 1", "drop 2"}));
}

TEST(follow, drops_an_alert_another_watcher_fired_but_not_one_fired_here) {
  recording_engine engine;
  follow(engine, event(alert_event_kind::fired, 3), event_origin::here);
  EXPECT_TRUE(engine.calls.empty()) << "the engine let it go when it fired";
  follow(engine, event(alert_event_kind::fired, 4), event_origin::elsewhere);
  EXPECT_EQ(engine.calls, std::vector<std::string>{"drop 4"});
}

TEST(as_triggered, shows_the_fired_alert_triggered_with_its_price_and_a_pending_email) {
  fired_record record;
  record.alert_id = 9;
  record.user_id = 2;
  record.symbol = "ETHUSDT";
  record.condition = alert_condition::below;
  record.target = *price::parse("2500");
  record.created_at = time_point(std::chrono::seconds(100));
  record.triggered_price = *price::parse("2499.5");
  record.triggered_at = time_point(std::chrono::seconds(200));
  const auto shown = as_triggered(record);
  EXPECT_EQ(shown.id, 9);
  EXPECT_EQ(shown.user_id, 2);
  EXPECT_EQ(shown.symbol, "ETHUSDT");
  EXPECT_EQ(shown.condition, alert_condition::below);
  EXPECT_EQ(shown.target, record.target);
  EXPECT_EQ(shown.status, alert_status::triggered);
  EXPECT_EQ(shown.created_at, record.created_at);
  EXPECT_EQ(shown.triggered_at, record.triggered_at);
  EXPECT_EQ(shown.triggered_price, record.triggered_price);
  ASSERT_TRUE(shown.delivery);
  EXPECT_EQ(shown.delivery->status, "pending");
}

}  // namespace
}  // namespace pricewatch
