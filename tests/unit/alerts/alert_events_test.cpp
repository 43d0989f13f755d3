// Tests how an engine of active alerts follows events (follow) and the alert a fired record shows
// its owner (as_fired).
#include "alerts/alert_events.hpp"

#include "alerts/recording_listener.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch {
namespace {

alert_event event(alert_event_kind kind, std::int64_t id) {
  alert_event made{kind, {}};
  made.changed.id = id;
  return made;
}

TEST(follow, adds_created_and_drops_deleted_alerts_from_anywhere) {
  recording_listener engine;
  follow(engine, event(alert_event_kind::created, 1), event_origin::here);
  follow(engine, event(alert_event_kind::created, 2), event_origin::elsewhere);
  follow(engine, event(alert_event_kind::deleted, 1), event_origin::here);
  follow(engine, event(alert_event_kind::deleted, 2), event_origin::elsewhere);
  EXPECT_EQ(engine.calls, (std::vector<std::string>{"add 1", "add 2", "drop 1", "drop 2"}));
}

TEST(follow, drops_an_alert_another_watcher_fired_but_not_one_fired_here) {
  recording_listener engine;
  auto fired = event(alert_event_kind::fired, 3);
  fired.changed.status = alert_status::triggered;
  follow(engine, fired, event_origin::here);
  EXPECT_TRUE(engine.calls.empty()) << "the engine let it go when it fired";
  fired.changed.id = 4;
  follow(engine, fired, event_origin::elsewhere);
  EXPECT_EQ(engine.calls, std::vector<std::string>{"drop 4"});
}

TEST(follow, keeps_a_recurring_alert_another_watcher_fired) {
  recording_listener engine;
  auto fired = event(alert_event_kind::fired, 5);
  fired.changed.fire_count = 3;  // still created: it recurs
  follow(engine, fired, event_origin::elsewhere);
  follow(engine, fired, event_origin::here);
  EXPECT_TRUE(engine.calls.empty());
}

TEST(follow, watches_an_updated_alert_anew_and_drops_an_expired_one_from_anywhere) {
  recording_listener engine;
  auto moved = event(alert_event_kind::updated, 6);
  moved.previous_symbol = "ETHUSDT";
  follow(engine, moved, event_origin::elsewhere);
  follow(engine, event(alert_event_kind::updated, 7), event_origin::here);
  follow(engine, event(alert_event_kind::expired, 8), event_origin::here);
  EXPECT_EQ(engine.calls, (std::vector<std::string>{"change 6 from ETHUSDT", "change 7", "drop 8"}));
}

TEST(as_fired, shows_the_fired_alert_triggered_with_its_price_and_a_pending_email) {
  fired_record record;
  record.alert_id = 9;
  record.user_id = 2;
  record.symbol = "ETHUSDT";
  record.condition = alert_condition::below;
  record.target = *price::parse("2500");
  record.created_at = time_point(std::chrono::seconds(100));
  record.triggered_price = *price::parse("2499.5");
  record.triggered_at = time_point(std::chrono::seconds(200));
  const auto shown = as_fired(record);
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
  EXPECT_EQ(shown.fire_count, 1);
}

TEST(as_fired, shows_a_recurring_alert_active_with_its_last_firing_and_its_first_unknown) {
  fired_record record;
  record.alert_id = 9;
  record.frequency = alert_frequency::every_time;
  record.final = false;
  record.sequence = 4;
  record.triggered_price = *price::parse("2499.5");
  record.triggered_at = time_point(std::chrono::seconds(200));
  const auto shown = as_fired(record);
  EXPECT_EQ(shown.status, alert_status::created);
  EXPECT_EQ(shown.frequency, alert_frequency::every_time);
  EXPECT_EQ(shown.fire_count, 4);
  EXPECT_EQ(shown.last_fired_at, record.triggered_at);
  EXPECT_EQ(shown.last_fired_price, record.triggered_price);
  EXPECT_FALSE(shown.triggered_at) << "the first firing's time is not this one's";
}

}  // namespace
}  // namespace pricewatch
