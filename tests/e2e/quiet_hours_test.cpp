// End-to-end test of quiet hours (DESIGN.md section 10): firings during them are held on every
// channel, and when they end (here: their owner clears them) each channel gets one digest.
#include "channel_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>

namespace pricewatch::e2e {
namespace {

using boost::json::array;
using boost::json::value;

// "HH:MM" in UTC, minutes from now.
std::string utc_time_of_day(int minutes_from_now) {
  const auto now = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
  const auto minute = ((now.time_since_epoch().count() + minutes_from_now) % 1440 + 1440) % 1440;
  const auto two = [](long long number) { return (number < 10 ? "0" : "") + std::to_string(number); };
  return two(minute / 60) + ":" + two(minute % 60);
}

using quiet_hours_test = channels_test;

TEST_F(quiet_hours_test, held_deliveries_go_out_as_one_digest_per_channel_when_quiet_hours_end) {
  const test_user owner = register_user("quiet");
  const auto hook = add_webhook(owner, "quiet");
  const auto chat = add_channel(owner, value{{"type", "telegram"}, {"config", {{"chat_id", "555"}}}});
  const value quiet{{"timezone", "UTC"}, {"quiet_hours", {{"start", utc_time_of_day(-60)}, {"end", utc_time_of_day(60)}}}};
  const auto set = api().request("PATCH", "/api/v1/me", boost::json::serialize(quiet), bearer(owner.token));
  ASSERT_EQ(set.status, 200u) << set.body;
  const auto first = create_alert_with(owner, "51000", array{id_of(hook), id_of(chat)});
  const auto second = create_alert_with(owner, "51200", array{id_of(hook), id_of(chat)});
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_deliveries(owner, first, "held", 2)) << boost::json::serialize(deliveries(owner, first));
  ASSERT_TRUE(wait_for_deliveries(owner, second, "held", 2)) << boost::json::serialize(deliveries(owner, second));
  EXPECT_TRUE(hook_received("quiet").empty());
  EXPECT_TRUE(service_received("555").empty());

  const auto cleared = api().request("PATCH", "/api/v1/me", R"({"quiet_hours": null})", bearer(owner.token));
  ASSERT_EQ(cleared.status, 200u) << cleared.body;
  ASSERT_TRUE(wait_for_deliveries(owner, first, "sent", 2)) << boost::json::serialize(deliveries(owner, first));
  ASSERT_TRUE(wait_for_deliveries(owner, second, "sent", 2)) << boost::json::serialize(deliveries(owner, second));
  const auto hooks = hook_received("quiet");
  ASSERT_EQ(hooks.size(), 1u) << boost::json::serialize(hooks);
  EXPECT_EQ(member(hooks[0], "verified"), value(true));
  const auto digest = boost::json::parse(string_of(member(hooks[0], "body")));
  EXPECT_EQ(member(digest, "type"), value("alert.digest"));
  EXPECT_EQ(member(member(digest, "data"), "firings").as_array().size(), 2u);
  const auto chats = service_received("555");
  ASSERT_EQ(chats.size(), 1u);
  const auto text = string_of(member(member(chats[0], "json"), "text"));
  EXPECT_NE(text.find("2 price alerts"), std::string::npos) << text;
}

}  // namespace
}  // namespace pricewatch::e2e
