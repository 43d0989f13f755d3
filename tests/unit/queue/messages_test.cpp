// Tests the JSON bodies sent through RabbitMQ: jobs and events survive the trip exactly, and
// anything malformed is refused rather than guessed; an alert's or a price's exchange travels with it.
#include "queue/rabbitmq/messages.hpp"

#include <gtest/gtest.h>

namespace pricewatch::queue {
namespace {

TEST(job_message, round_trips_and_refuses_malformed_bodies) {
  const auto decoded = decode_job(encode_job(job{42, 3}));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->notification_id, 42);
  EXPECT_EQ(decoded->attempts, 3);
  EXPECT_FALSE(decode_job("not json"));
  EXPECT_FALSE(decode_job(R"({"notification_id": 0, "attempts": 0})"));
  EXPECT_FALSE(decode_job(R"({"notification_id": 5, "attempts": -1})"));
  EXPECT_FALSE(decode_job(R"({"notification_id": "5", "attempts": 0})"));
  EXPECT_FALSE(decode_job(R"([5, 0])"));
}

TEST(event_message, an_alert_event_round_trips_exactly) {
  alert changed;
  changed.id = 7;
  changed.user_id = 3;
  changed.symbol = "ETHUSDT";
  changed.condition = alert_condition::below;
  changed.target = *price::parse("2500.12345678");
  changed.status = alert_status::triggered;
  changed.created_at = time_point(std::chrono::milliseconds(1'790'000'000'123));
  changed.triggered_at = time_point(std::chrono::milliseconds(1'790'000'005'456));
  changed.triggered_price = *price::parse("2499.99999999");
  const auto decoded =
      decode_event(encode_alert_message(alert_message{"origin-a", alert_event{alert_event_kind::fired, changed}}));
  ASSERT_TRUE(decoded);
  const auto* message = std::get_if<alert_message>(&*decoded);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(message->origin, "origin-a");
  const auto* event = &message->event;
  EXPECT_EQ(event->kind, alert_event_kind::fired);
  EXPECT_EQ(event->changed.id, 7);
  EXPECT_EQ(event->changed.user_id, 3);
  EXPECT_EQ(event->changed.symbol, "ETHUSDT");
  EXPECT_EQ(event->changed.condition, alert_condition::below);
  EXPECT_EQ(event->changed.target, changed.target);
  EXPECT_EQ(event->changed.status, alert_status::triggered);
  EXPECT_EQ(event->changed.created_at, changed.created_at);
  EXPECT_EQ(event->changed.triggered_at, changed.triggered_at);
  EXPECT_EQ(event->changed.triggered_price, changed.triggered_price);
}

TEST(event_message, a_price_update_round_trips_exactly) {
  const auto trade_time = time_point(std::chrono::milliseconds(1'790'000'000'999));
  const auto decoded =
      decode_event(encode_price_message(price_message{"origin-b", {"BTCUSDT", *price::parse("51000.5"), trade_time}}));
  ASSERT_TRUE(decoded);
  const auto* message = std::get_if<price_message>(&*decoded);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(message->origin, "origin-b");
  const auto* update = &message->update;
  EXPECT_EQ(update->symbol, "BTCUSDT");
  EXPECT_EQ(update->value.to_string(), "51000.5");
  EXPECT_EQ(update->trade_time, trade_time);
}

TEST(event_message, an_alert_events_exchange_travels_with_it) {
  for (const auto exchange : all_exchanges()) {
    alert changed;
    changed.id = 9;
    changed.user_id = 4;
    changed.exchange = exchange;
    changed.symbol = exchange == exchange_id::kraken ? "BTC/USD" : exchange == exchange_id::coinbase ? "BTC-USD" : "BTCUSD";
    changed.condition = alert_condition::above;
    changed.target = *price::parse("60000");
    const auto body = encode_alert_message(alert_message{"origin-c", alert_event{alert_event_kind::created, changed}});
    EXPECT_NE(body.find("\"exchange\":\"" + std::string(exchange_name(exchange)) + "\""), std::string::npos) << body;
    const auto decoded = decode_event(body);
    ASSERT_TRUE(decoded) << body;
    const auto* message = std::get_if<alert_message>(&*decoded);
    ASSERT_NE(message, nullptr);
    EXPECT_EQ(message->event.changed.exchange, exchange) << body;
    EXPECT_EQ(message->event.changed.symbol, changed.symbol);
  }
}

TEST(event_message, a_price_updates_exchange_travels_with_it) {
  const auto trade_time = time_point(std::chrono::milliseconds(1'790'000'000'999));
  const auto body =
      encode_price_message(price_message{"origin-d", {"BTC/USD", *price::parse("61000.5"), trade_time, exchange_id::kraken}});
  const auto decoded = decode_event(body);
  ASSERT_TRUE(decoded) << body;
  const auto* message = std::get_if<price_message>(&*decoded);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(message->update.exchange, exchange_id::kraken);
  EXPECT_EQ(message->update.symbol, "BTC/USD");
}

TEST(event_message, a_message_without_an_exchange_is_binances_and_an_unknown_exchange_is_refused) {
  // From a process that predates exchanges: Binance's alerts and prices.
  const auto old_alert = decode_event(R"({"kind": "created", "origin": "a", "id": 1, "user_id": 1, "symbol": "BTCUSDT",
                                          "condition": "above", "target_units": 1, "status": "created", "created_at": 0})");
  ASSERT_TRUE(old_alert);
  EXPECT_EQ(std::get<alert_message>(*old_alert).event.changed.exchange, exchange_id::binance);
  const auto old_price =
      decode_event(R"({"kind": "price", "origin": "a", "symbol": "BTCUSDT", "price_units": 5, "trade_time": 0})");
  ASSERT_TRUE(old_price);
  EXPECT_EQ(std::get<price_message>(*old_price).update.exchange, exchange_id::binance);
  // From a newer process, an exchange this one does not follow: dropped, never taken for Binance's.
  EXPECT_FALSE(decode_event(R"({"kind": "created", "origin": "a", "id": 1, "user_id": 1, "symbol": "BTC-EUR",
                                "exchange": "bitstamp", "condition": "above", "target_units": 1, "status": "created",
                                "created_at": 0})"));
  EXPECT_FALSE(decode_event(R"({"kind": "price", "origin": "a", "symbol": "BTC-EUR", "exchange": "bitstamp",
                                "price_units": 5, "trade_time": 0})"));
  EXPECT_FALSE(decode_event(R"({"kind": "price", "origin": "a", "symbol": "BTCUSDT", "exchange": 7,
                                "price_units": 5, "trade_time": 0})"));
}

TEST(event_message, malformed_events_are_refused) {
  EXPECT_FALSE(decode_event("{"));
  EXPECT_FALSE(decode_event(R"({"kind": "created"})"));
  EXPECT_FALSE(decode_event(R"({"kind": "exploded", "origin": "a", "id": 1, "user_id": 1, "symbol": "BTCUSDT",
                                "condition": "above", "target_units": 1, "status": "created", "created_at": 0})"));
  EXPECT_FALSE(decode_event(R"({"kind": "created", "origin": "a", "id": 1, "user_id": 1, "symbol": "BTCUSDT",
                                "condition": "sideways", "target_units": 1, "status": "created", "created_at": 0})"));
  EXPECT_FALSE(decode_event(R"({"kind": "price", "origin": "a", "symbol": "BTCUSDT", "price_units": 0,
                                "trade_time": 0})"));
}

}  // namespace
}  // namespace pricewatch::queue
