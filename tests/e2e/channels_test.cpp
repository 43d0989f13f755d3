// End-to-end tests of channels (DESIGN.md section 10) against the fake services and the webhook
// receiver: every firing reaches every chosen channel exactly once, in each service's format; a
// webhook refused with 500 then accepted is delivered once under one webhook-id; a 429's
// Retry-After (Telegram's retry_after) is waited for; a 400 or 403 fails at once; a SIGKILL between
// firing and delivery loses nothing on any channel.
#include "channel_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace pricewatch::e2e {
namespace {

using boost::json::array;
using boost::json::value;

class channels_delivery_test : public channels_test {
 protected:
  // One channel of each type for the owner, and their ids (the owner's email first).
  array every_channel(const test_user& owner) {
    const auto listed = api().get("/api/v1/channels", bearer(owner.token)).json();
    array ids{member(member(listed, "results").as_array().front(), "id")};
    ids.push_back(id_of(add_webhook(owner, "every")));
    ids.push_back(id_of(add_channel(owner, value{{"type", "telegram"}, {"config", {{"chat_id", "4242"}}}})));
    ids.push_back(id_of(add_channel(
        owner, value{{"type", "discord"}, {"config", {{"webhook_url", services_url() + "/api/webhooks/1/abc"}}}})));
    ids.push_back(id_of(add_channel(
        owner, value{{"type", "slack"}, {"config", {{"webhook_url", services_url() + "/services/T1/B1/x"}}}})));
    ids.push_back(id_of(add_channel(
        owner, value{{"type", "ntfy"}, {"config", {{"server", services_url() + "/ntfy"}, {"topic", "prices"}}}})));
    return ids;
  }
};

TEST_F(channels_delivery_test, every_firing_reaches_every_chosen_channel_exactly_once) {
  const test_user owner = register_user("every-channel");
  const auto channels = every_channel(owner);
  const auto first = create_alert_with(owner, "51000", channels);
  const auto second = create_alert_with(owner, "51200", channels);
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_deliveries(owner, first, "sent", 6)) << boost::json::serialize(deliveries(owner, first));
  ASSERT_TRUE(wait_for_deliveries(owner, second, "sent", 6)) << boost::json::serialize(deliveries(owner, second));

  const auto hooks = hook_received("every");
  ASSERT_EQ(hooks.size(), 2u) << boost::json::serialize(hooks);
  std::set<std::string> hook_ids;
  for (const auto& hook : hooks) {
    EXPECT_EQ(member(hook, "verified"), value(true)) << "the reference library verifies it: " << boost::json::serialize(hook);
    hook_ids.insert(string_of(member(hook, "id")));
    const auto body = boost::json::parse(string_of(member(hook, "body")));
    EXPECT_EQ(member(body, "type"), value("alert.triggered"));
    EXPECT_EQ(member(member(body, "data"), "symbol"), value("BTCUSDT"));
    EXPECT_EQ(member(member(body, "data"), "price"), value("51500"));
  }
  EXPECT_EQ(hook_ids.size(), 2u) << "one webhook-id per delivery";

  const auto chats = service_received("4242");
  ASSERT_EQ(chats.size(), 2u);
  EXPECT_GE(integer_of(member(chats[1], "received_ms")) - integer_of(member(chats[0], "received_ms")), 1000)
      << "one message a second per chat: the second waited its turn";
  EXPECT_EQ(member(member(chats[0], "json"), "parse_mode"), value("HTML"));
  EXPECT_NE(string_of(member(member(chats[0], "json"), "text")).find("BTCUSDT"), std::string::npos);
  const auto discord = service_received("/api/webhooks/1/abc");
  ASSERT_EQ(discord.size(), 2u);
  EXPECT_TRUE(member(member(discord[0], "json"), "content").is_string());
  const auto slack = service_received("/services/T1/B1/x");
  ASSERT_EQ(slack.size(), 2u);
  EXPECT_TRUE(member(member(slack[0], "json"), "text").is_string());
  const auto ntfy = service_received("/ntfy/prices");
  ASSERT_EQ(ntfy.size(), 2u);
  const auto headers = member(ntfy[0], "headers");
  EXPECT_EQ(member(headers, "title"), value("BTCUSDT price alert"));
  EXPECT_EQ(member(headers, "priority"), value("high"));
  EXPECT_EQ(member(headers, "tags"), value("chart_with_upwards_trend"));
  ASSERT_TRUE(mail().wait_for_count(2));
  EXPECT_EQ(mail().count(), 2u);
}

TEST_F(channels_delivery_test, a_webhook_refused_then_accepted_is_delivered_once_with_one_id) {
  const test_user owner = register_user("hook-retry");
  const auto hook = add_webhook(owner, "retry");
  script_hook("retry", array{value{{"status", 500}, {"body", "busy"}}});
  const auto alert = create_alert_with(owner, "51000", array{id_of(hook)});
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_deliveries(owner, alert, "sent", 1)) << boost::json::serialize(deliveries(owner, alert));
  const auto received = hook_received("retry");
  ASSERT_EQ(received.size(), 2u) << boost::json::serialize(received);
  EXPECT_EQ(member(received[0], "status"), value(500));
  EXPECT_EQ(member(received[1], "status"), value(204));
  EXPECT_EQ(member(received[0], "id"), member(received[1], "id")) << "webhook-id is the same on every retry";
  EXPECT_EQ(member(received[1], "verified"), value(true));
  const auto delivery = deliveries(owner, alert).front();
  EXPECT_EQ(member(delivery, "attempts"), value(2));
  EXPECT_EQ(member(delivery, "type"), value("webhook"));
  EXPECT_EQ(member(delivery, "channel_id"), value(id_of(hook)));
}

TEST_F(channels_delivery_test, retry_after_and_telegrams_retry_after_are_waited_for) {
  const test_user owner = register_user("retry-after");
  const auto hook = add_webhook(owner, "slow");
  const auto chat = add_channel(owner, value{{"type", "telegram"}, {"config", {{"chat_id", "777"}}}});
  script_hook("slow", array{value{{"status", 429}, {"headers", {{"Retry-After", "3"}}}}});
  script_service("777", array{value{{"status", 429},
                                    {"json", {{"ok", false}, {"error_code", 429},
                                              {"description", "Too Many Requests: retry after 3"},
                                              {"parameters", {{"retry_after", 3}}}}}}});
  const auto alert = create_alert_with(owner, "51000", array{id_of(hook), id_of(chat)});
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_deliveries(owner, alert, "sent", 2)) << boost::json::serialize(deliveries(owner, alert));
  const auto hooks = hook_received("slow");
  ASSERT_EQ(hooks.size(), 2u);
  EXPECT_GE(integer_of(member(hooks[1], "received_ms")) - integer_of(member(hooks[0], "received_ms")), 3000)
      << "not before its Retry-After (the schedule alone would retry after about a second)";
  const auto chats = service_received("777");
  ASSERT_EQ(chats.size(), 2u);
  EXPECT_GE(integer_of(member(chats[1], "received_ms")) - integer_of(member(chats[0], "received_ms")), 3000);
}

TEST_F(channels_delivery_test, a_400_or_403_fails_at_once_with_the_reason) {
  const test_user owner = register_user("refused");
  const auto slack = add_channel(
      owner, value{{"type", "slack"}, {"config", {{"webhook_url", services_url() + "/services/T1/B1/gone"}}}});
  const auto chat = add_channel(owner, value{{"type", "telegram"}, {"config", {{"chat_id", "403"}}}});
  script_service("/services/T1/B1/gone", array{value{{"status", 400}, {"text", "invalid_payload"}}});
  script_service("403", array{value{{"status", 403},
                                    {"json", {{"ok", false}, {"error_code", 403},
                                              {"description", "Forbidden: bot was blocked by the user"}}}}});
  const auto alert = create_alert_with(owner, "51000", array{id_of(slack), id_of(chat)});
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_deliveries(owner, alert, "failed", 2)) << boost::json::serialize(deliveries(owner, alert));
  for (const auto& delivery : deliveries(owner, alert)) {
    EXPECT_EQ(member(delivery, "attempts"), value(1)) << boost::json::serialize(delivery);
  }
  const auto found = deliveries(owner, alert);
  EXPECT_NE(string_of(member(found[0], "last_error")).find("invalid_payload"), std::string::npos);
  EXPECT_NE(string_of(member(found[1], "last_error")).find("bot was blocked"), std::string::npos);
  EXPECT_EQ(service_received("403").size(), 1u);
}

TEST_F(channels_delivery_test, a_sigkill_between_firing_and_delivery_loses_nothing_on_any_channel) {
  const test_user owner = register_user("killed");
  const auto channels = every_channel(owner);
  // Every service busy: the deliveries stay pending, as if the process died before sending them.
  const array busy{value{{"status", 503}}, value{{"status", 503}}, value{{"status", 503}}, value{{"status", 503}}};
  script_hook("every", busy);
  for (const char* key : {"4242", "/api/webhooks/1/abc", "/services/T1/B1/x", "/ntfy/prices"}) script_service(key, busy);
  mail().refuse(true);
  const auto alert = create_alert_with(owner, "51000", channels);
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_status(owner, alert, "triggered"));
  ASSERT_TRUE(test_support::eventually([&] { return !hook_received("every").empty(); }));
  kill_pricewatch();
  script_hook("every", array{});
  for (const char* key : {"4242", "/api/webhooks/1/abc", "/services/T1/B1/x", "/ntfy/prices"}) script_service(key, array{});
  mail().refuse(false);
  start_pricewatch();
  ASSERT_TRUE(wait_for_deliveries(owner, alert, "sent", 6)) << boost::json::serialize(deliveries(owner, alert));
  const auto accepted = [](const array& received) {
    std::size_t count = 0;
    for (const auto& request : received) {
      const auto status = integer_of(member(request, "status"));
      if (status >= 200 && status < 300) ++count;
    }
    return count;
  };
  EXPECT_EQ(accepted(hook_received("every")), 1u);
  for (const char* key : {"4242", "/api/webhooks/1/abc", "/services/T1/B1/x", "/ntfy/prices"}) {
    EXPECT_EQ(accepted(service_received(key)), 1u) << key;
  }
  ASSERT_TRUE(mail().wait_for_count(1));
  EXPECT_EQ(mail().count(), 1u);
}

}  // namespace
}  // namespace pricewatch::e2e

namespace pricewatch::e2e {
namespace {

TEST_F(channels_delivery_test, the_alerts_note_and_exchange_reach_the_webhook_body_and_the_templates) {
  const test_user owner = register_user("noted");
  const auto hook = id_of(add_webhook(owner, "noted"));
  const auto chat = id_of(add_channel(
      owner, value{{"type", "telegram"}, {"config", {{"chat_id", "5151"}, {"template", "{{note}} ({{exchange}})"}}}}));
  const std::string note = "Sell half & <move the stop> \"now\"";
  const value body{{"symbol", "BTCUSDT"}, {"condition", "above"}, {"price", "51000"}, {"note", note},
                   {"channels", array{hook, chat}}};
  const http_response created = api().post("/api/v1/alerts", boost::json::serialize(body), bearer(owner.token));
  ASSERT_EQ(created.status, 201u) << created.body;
  const auto alert = integer_of(member(created.json(), "id"));
  exchange().wait_for_subscription("BTCUSDT");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_deliveries(owner, alert, "sent", 2)) << boost::json::serialize(deliveries(owner, alert));

  const auto hooks = hook_received("noted");
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(member(hooks[0], "verified"), value(true));
  const auto data = member(boost::json::parse(string_of(member(hooks[0], "body"))), "data");
  EXPECT_EQ(member(data, "note"), value(note));
  EXPECT_EQ(member(data, "exchange"), value("binance"));
  const auto chats = service_received("5151");
  ASSERT_EQ(chats.size(), 1u);
  EXPECT_EQ(member(member(chats[0], "json"), "text"),
            value("Sell half &amp; &lt;move the stop&gt; &quot;now&quot; (binance)"));
}

}  // namespace
}  // namespace pricewatch::e2e
