// Tests alerts as JSON: the original's four keys, the /api/v1 object and the page envelope.
#include "api/alert_json.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace pricewatch::api {
namespace {

alert sample_alert() {
  alert item;
  item.id = 7;
  item.user_id = 3;
  item.owner_email = "a@example.com";
  item.symbol = "ETHUSDT";
  item.condition = alert_condition::below;
  item.target = *price::parse("51000.5");
  item.status = alert_status::created;
  item.created_at = time_point(std::chrono::milliseconds(1'790'000'000'123));
  return item;
}

http::request list_request(std::string query) {
  http::request request;
  request.method = "GET";
  request.path = "/api/alerts/";
  request.query = std::move(query);
  request.base_url = "http://127.0.0.1:8000";
  return request;
}

TEST(original_alert_json, has_the_four_keys_and_two_decimals) {
  auto item = sample_alert();
  item.target = *price::parse("51000");
  EXPECT_EQ(boost::json::value(original_alert_json(item)),
            boost::json::parse(R"({"id": 7, "email": "a@example.com", "price": "51000.00", "status": "created"})"));
  item.target = *price::parse("0.00012345");
  item.status = alert_status::deleted;
  const auto json = original_alert_json(item);
  EXPECT_EQ(json.at("price"), "0.00012345");
  EXPECT_EQ(json.at("status"), "deleted");
  EXPECT_EQ(original_alert_json(sample_alert()).at("price"), "51000.50");
}

TEST(v1_alert_json, a_new_alert_has_null_trigger_fields) {
  EXPECT_EQ(boost::json::value(v1_alert_json(sample_alert())), boost::json::parse(R"({
    "id": 7, "exchange": "binance", "symbol": "ETHUSDT", "condition": "below", "price": "51000.5", "percent": null, "window": null,
    "frequency": "once", "cooldown_seconds": 60, "expires_at": null, "note": "", "status": "created",
    "created_at": "2026-09-21T14:13:20.123Z", "triggered_at": null, "triggered_price": null,
    "fire_count": 0, "last_fired_at": null, "last_fired_price": null, "channels": [], "notification": null})"));
}

TEST(v1_alert_json, a_moving_alert_has_a_percent_and_window_and_no_price) {
  auto item = sample_alert();
  item.condition = alert_condition::moving_up;
  item.target = price();
  item.percent_bp = 250;
  item.window = move_window::h4;
  const auto json = v1_alert_json(item);
  EXPECT_EQ(json.at("price"), nullptr);
  EXPECT_EQ(json.at("percent"), "2.5");
  EXPECT_EQ(json.at("window"), "4h");
  item.percent_bp = 1;
  EXPECT_EQ(v1_alert_json(item).at("percent"), "0.01");
  item.percent_bp = 100'000;
  EXPECT_EQ(v1_alert_json(item).at("percent"), "1000");
}

TEST(v1_alert_json, a_recurring_alert_shows_its_cooldown_count_and_last_firing) {
  auto item = sample_alert();
  item.frequency = alert_frequency::every_time;
  item.cooldown = std::chrono::minutes(5);
  item.expires_at = time_point(std::chrono::seconds(1'800'000'000));
  item.note = "take profit";
  item.fire_count = 3;
  item.last_fired_at = time_point(std::chrono::seconds(1'790'000'060));
  item.last_fired_price = *price::parse("51000.25");
  const auto json = v1_alert_json(item);
  EXPECT_EQ(json.at("frequency"), "every_time");
  EXPECT_EQ(json.at("cooldown_seconds"), 300);
  EXPECT_EQ(json.at("expires_at"), "2027-01-15T08:00:00.000Z");
  EXPECT_EQ(json.at("note"), "take profit");
  EXPECT_EQ(json.at("fire_count"), 3);
  EXPECT_EQ(json.at("last_fired_at"), "2026-09-21T14:14:20.000Z");
  EXPECT_EQ(json.at("last_fired_price"), "51000.25");
}

TEST(firing_json, shows_the_firing_and_each_delivery) {
  firing_record item;
  item.id = 11;
  item.alert_id = 7;
  item.symbol = "BTCUSDT";
  item.condition = alert_condition::crossing_up;
  item.target = *price::parse("51000");
  item.fired_price = *price::parse("51000.5");
  item.fired_at = time_point(std::chrono::seconds(1'790'000'060));
  item.deliveries.push_back(delivery_state{"sent", 1, std::nullopt, time_point(std::chrono::seconds(1'790'000'061)), std::nullopt, "email"});
  EXPECT_EQ(boost::json::value(firing_json(item)), boost::json::parse(R"({
    "id": 11, "alert_id": 7, "exchange": "binance", "symbol": "BTCUSDT", "condition": "crossing_up", "target": "51000",
    "percent": null,
    "price": "51000.5", "fired_at": "2026-09-21T14:14:20.000Z",
    "deliveries": [{"channel_id": null, "type": "email", "status": "sent", "attempts": 1, "last_error": null,
                    "sent_at": "2026-09-21T14:14:21.000Z"}]})"));
}

TEST(firing_json, names_its_alerts_exchange) {
  firing_record item;
  item.exchange = exchange_id::kraken;
  item.symbol = "BTC/USD";
  item.fired_price = *price::parse("61000.5");
  const auto json = firing_json(item);
  EXPECT_EQ(json.at("exchange"), "kraken");
  EXPECT_EQ(json.at("symbol"), "BTC/USD");
}

TEST(v1_alert_json, a_triggered_alert_has_its_time_and_price) {
  auto item = sample_alert();
  item.status = alert_status::triggered;
  item.triggered_at = time_point(std::chrono::seconds(1'790'000'060));
  item.triggered_price = *price::parse("50999.99");
  const auto json = v1_alert_json(item);
  EXPECT_EQ(json.at("status"), "triggered");
  EXPECT_EQ(json.at("triggered_at"), "2026-09-21T14:14:20.000Z");
  EXPECT_EQ(json.at("triggered_price"), "50999.99");
}

TEST(page_json, an_empty_list_has_no_links) {
  EXPECT_EQ(boost::json::value(page_json(list_request(""), page_request{}, 0, {})),
            boost::json::parse(R"({"count": 0, "next": null, "previous": null, "page_size": 10, "results": []})"));
}

TEST(page_json, a_middle_page_links_both_ways) {
  boost::json::array results{original_alert_json(sample_alert())};
  const auto json = page_json(list_request("page=2"), page_request{2, 10}, 23, results);
  EXPECT_EQ(json.at("count"), 23);
  EXPECT_EQ(json.at("next"), "http://127.0.0.1:8000/api/alerts/?page=3");
  EXPECT_EQ(json.at("previous"), "http://127.0.0.1:8000/api/alerts/");
  EXPECT_EQ(json.at("page_size"), 10);
  EXPECT_EQ(json.at("results"), boost::json::value(results));
}

TEST(page_json, the_last_page_has_no_next) {
  const auto json = page_json(list_request("page=3"), page_request{3, 10}, 23, {});
  EXPECT_TRUE(json.at("next").is_null());
  EXPECT_EQ(json.at("previous"), "http://127.0.0.1:8000/api/alerts/?page=2");
}

}  // namespace
}  // namespace pricewatch::api
