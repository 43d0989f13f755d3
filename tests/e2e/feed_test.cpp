// End-to-end tests of following the exchange (DESIGN.md 5): live (un)subscribing, reconnecting
// on serverShutdown, gap filling from klines, REST polling as the source, and the feed's state
// as /api/v1/prices, /readyz and /metrics show it.
#include "watch_fixture.hpp"

#include "eventually.hpp"

#include <boost/json/serialize.hpp>

#include <ctime>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

std::int64_t state_number(const value& state, std::string_view key) { return integer_of(member(state, key)); }

// Whether the exchange received a control message with that method naming that stream.
bool received_control(const value& state, std::string_view method, const std::string& stream) {
  const value messages = member(state, "control_messages");
  if (!messages.is_array()) return false;
  for (const auto& message : messages.as_array()) {
    const value params = member(message, "params");
    if (member(message, "method") != value(method) || !params.is_array()) continue;
    for (const auto& param : params.as_array()) {
      if (param == value(stream)) return true;
    }
  }
  return false;
}

// The trade time as pricewatch renders times: RFC 3339 UTC with milliseconds.
std::string rfc3339(std::int64_t millis) {
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  const std::string fraction = std::to_string(1000 + millis % 1000).substr(1);
  return std::string(text) + "." + fraction + "Z";
}

class feed_test : public watch_test {
 protected:
  value readiness() { return api().get("/readyz").json(); }
  value feed_status() { return member(member(member(readiness(), "checks"), "feed"), "status"); }
  // Waits until the exchange shows one connection, opened after the first attempts ones.
  bool wait_for_new_connection(std::int64_t attempts_before) {
    return eventually([&] {
      const value state = exchange().state();
      return state_number(state, "connection_attempts") > attempts_before && state_number(state, "connections") == 1;
    });
  }
};

TEST_F(feed_test, subscribes_live_to_the_symbol_of_a_new_alert_and_unsubscribes_when_none_is_left) {
  const test_user alice = register_user("subscriber");
  const std::int64_t keeper = create_watched_alert(alice, "BTCUSDT", "above", "90000");
  const std::int64_t attempts = state_number(exchange().state(), "connection_attempts");

  const std::int64_t eth = create_watched_alert(alice, "ETHUSDT", "above", "4000");
  value state = exchange().state();
  EXPECT_EQ(state_number(state, "connection_attempts"), attempts) << "reconnected instead of subscribing";
  EXPECT_EQ(state_number(state, "connections"), 1);
  EXPECT_TRUE(received_control(state, "SUBSCRIBE", "ethusdt@aggTrade")) << boost::json::serialize(state);

  EXPECT_EQ(exchange().set_price("ETHUSDT", "4100"), 1);
  ASSERT_TRUE(wait_for_status(alice, eth, "triggered"));
  // Its only alert fired: the symbol is no longer followed, the other one still is.
  EXPECT_TRUE(exchange().wait_for_subscription("ETHUSDT", false));
  EXPECT_TRUE(exchange().subscribed("BTCUSDT"));

  const std::int64_t sol = create_watched_alert(alice, "SOLUSDT", "below", "100");
  ASSERT_EQ(api().remove("/api/v1/alerts/" + std::to_string(sol), bearer(alice.token)).status, 204u);
  EXPECT_TRUE(exchange().wait_for_subscription("SOLUSDT", false));
  state = exchange().state();
  EXPECT_TRUE(received_control(state, "UNSUBSCRIBE", "solusdt@aggTrade")) << boost::json::serialize(state);
  EXPECT_EQ(state_number(state, "connection_attempts"), attempts);
  EXPECT_EQ(member(state, "subscriptions"), value(boost::json::array{"btcusdt@aggTrade"}));
  EXPECT_EQ(state_number(state, "rate_limited"), 0);
  EXPECT_EQ(status_of(alice, keeper), "created");
}

// Alerts on many symbols, created back to back: some arrive while the first connection is being
// opened, after its URL was chosen. Every symbol must still end up subscribed and priced.
TEST_F(feed_test, subscribes_to_every_symbol_of_alerts_created_while_the_stream_connects) {
  const test_user alice = register_user("burst");
  std::vector<std::pair<std::string, std::int64_t>> alerts;
  for (int index = 0; index < 12; ++index) {
    const std::string symbol = "COIN" + std::to_string(index) + "USDT";
    alerts.emplace_back(symbol, create_alert(alice, symbol, "above", "10"));
  }
  for (const auto& [symbol, id] : alerts) {
    ASSERT_TRUE(exchange().wait_for_subscription(symbol)) << "alert " << id;
  }
  for (const auto& [symbol, id] : alerts) EXPECT_EQ(exchange().set_price(symbol, "11"), 1) << symbol;
  for (const auto& [symbol, id] : alerts) EXPECT_TRUE(wait_for_status(alice, id, "triggered")) << symbol;
}

TEST_F(feed_test, reconnects_after_a_server_shutdown_event_and_goes_on_firing) {
  const test_user alice = register_user("shutdown");
  const std::int64_t id = create_watched_alert(alice, "BTCUSDT", "above", "51000");
  const std::int64_t attempts = state_number(exchange().state(), "connection_attempts");
  EXPECT_EQ(exchange().server_shutdown(), 1);
  ASSERT_TRUE(wait_for_new_connection(attempts)) << boost::json::serialize(exchange().state());
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT"));
  EXPECT_GE(metric("pricewatch_feed_reconnects_total"), 1);

  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000.01"), 1);
  ASSERT_TRUE(wait_for_status(alice, id, "triggered"));
  ASSERT_TRUE(mail().wait_for_count(1));
  expect_alert_mail(mail().read_all().front(), alice, id, "BTCUSDT", "above", "51000.01", "51000.00");
}

TEST_F(feed_test, reports_the_feed_in_the_prices_route_readyz_and_metrics) {
  // No alert: nothing to watch, which is no reason to be unready (once the alerts are loaded).
  EXPECT_TRUE(eventually([&] { return feed_status() == value("idle"); })) << boost::json::serialize(readiness());
  EXPECT_EQ(api().get("/readyz").status, 200u);
  EXPECT_EQ(api().get("/api/v1/prices/BTCUSDT").status, 404u);
  EXPECT_EQ(metric("pricewatch_feed_live"), 0);

  // Connected, but no price yet: stale, which a quiet market is, so still ready.
  const test_user alice = register_user("prices");
  create_watched_alert(alice, "BTCUSDT", "above", "90000");
  EXPECT_TRUE(eventually([&] { return feed_status() == value("stale"); })) << boost::json::serialize(readiness());
  EXPECT_EQ(api().get("/readyz").status, 200u);
  EXPECT_EQ(metric("pricewatch_feed_live"), 1);

  const std::int64_t traded = now_ms() - 2000;
  EXPECT_EQ(exchange().set_price("BTCUSDT", "50123.45", traded), 1);
  ASSERT_TRUE(eventually([&] { return watcher_has_price("BTCUSDT"); }));
  EXPECT_EQ(feed_status(), value("live")) << boost::json::serialize(readiness());
  EXPECT_EQ(api().get("/readyz").status, 200u);
  value price = api().get("/api/v1/prices/BTCUSDT").json();
  expect_keys(price, {"exchange", "symbol", "price", "trade_time", "age_ms", "live", "source", "change_24h_percent"});
  EXPECT_EQ(member(price, "source"), value("feed"));
  EXPECT_EQ(member(price, "symbol"), value("BTCUSDT"));
  EXPECT_EQ(member(price, "price"), value("50123.45"));
  EXPECT_EQ(member(price, "trade_time"), value(rfc3339(traded)));
  const std::int64_t age = integer_of(member(price, "age_ms"));
  EXPECT_TRUE(age >= 2000 && age < 30'000) << boost::json::serialize(price);
  EXPECT_EQ(member(price, "live"), value(true));
  const std::int64_t feed_age = integer_of(member(member(member(readiness(), "checks"), "feed"), "age_ms"));
  EXPECT_TRUE(feed_age >= 2000 && feed_age < 30'000) << boost::json::serialize(readiness());
  EXPECT_EQ(metric("pricewatch_feed_prices_total"), 1);
  EXPECT_EQ(api().get("/api/v1/prices/btcusdt").status, 400u) << "symbols are upper case";

  // A trade of a symbol nobody watches is counted, not fired.
  value stray{{"e", "aggTrade"}, {"E", now_ms()}, {"s", "XRPUSDT"}, {"a", 1}, {"p", "0.50000000"}, {"q", "1.00000000"},
              {"f", 1}, {"l", 1}, {"T", now_ms()}, {"m", true}, {"M", true}};
  EXPECT_EQ(exchange().raw_event(trade_stream("BTCUSDT"), stray), 1);
  EXPECT_TRUE(eventually([&] { return metric(R"(pricewatch_feed_ignored_total{reason="unwatched"})") == 1; }));

  // The exchange vanishes: no stream, no REST. The last price stays, marked not live.
  kill_exchange();
  EXPECT_TRUE(eventually([&] { return feed_status() == value("down"); })) << boost::json::serialize(readiness());
  EXPECT_EQ(api().get("/readyz").status, 503u);
  EXPECT_EQ(member(readiness(), "status"), value("unavailable"));
  EXPECT_EQ(member(member(readiness(), "checks"), "database"), value("ok"));
  EXPECT_EQ(metric("pricewatch_feed_live"), 0);
  price = api().get("/api/v1/prices/BTCUSDT").json();
  EXPECT_EQ(member(price, "price"), value("50123.45"));
  EXPECT_EQ(member(price, "live"), value(false));
  EXPECT_EQ(member(price, "source"), value("feed"));
}

TEST_F(feed_test, fires_the_alerts_a_wick_crossed_while_the_stream_was_down) {
  const test_user alice = register_user("wick");
  const std::int64_t up = create_alert(alice, "BTCUSDT", "above", "52000");
  const std::int64_t down = create_alert(alice, "BTCUSDT", "below", "50000");
  const std::int64_t beyond = create_alert(alice, "BTCUSDT", "above", "53000");
  const std::int64_t under = create_watched_alert(alice, "BTCUSDT", "below", "49000");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000"), 1);
  ASSERT_TRUE(eventually([&] { return watcher_has_price("BTCUSDT"); }));
  const std::int64_t attempts = state_number(exchange().state(), "connection_attempts");

  // The wick happens while the stream delivers nothing; by the reconnect the price is back.
  exchange().pause(true);
  for (const char* price : {"52500", "49500", "51000"}) EXPECT_EQ(exchange().set_price("BTCUSDT", price), 0);
  EXPECT_GE(exchange().drop(), 1);
  exchange().pause(false);

  ASSERT_TRUE(wait_for_status(alice, up, "triggered"));
  ASSERT_TRUE(wait_for_status(alice, down, "triggered"));
  EXPECT_EQ(member(alert(alice, up), "triggered_price"), value("52500"));
  EXPECT_EQ(member(alert(alice, down), "triggered_price"), value("49500"));
  EXPECT_EQ(status_of(alice, beyond), "created");
  EXPECT_EQ(status_of(alice, under), "created");
  EXPECT_GE(metric("pricewatch_feed_gap_klines_total"), 1);
  EXPECT_GE(metric("pricewatch_feed_reconnects_total"), 1);

  // Once more over both fired targets, and the sentinel: then each mail is in exactly once.
  ASSERT_TRUE(wait_for_new_connection(attempts));
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT"));
  EXPECT_EQ(exchange().set_price("BTCUSDT", "53000"), 1);
  ASSERT_TRUE(wait_for_status(alice, beyond, "triggered"));
  ASSERT_TRUE(mail().wait_for_count(3));
  const auto mails = mails_by_alert();
  ASSERT_EQ(mails.size(), 3u);
  for (const auto& [id, received] : mails) EXPECT_EQ(received.size(), 1u) << "mails for alert " << id;
  ASSERT_TRUE(mails.contains(up) && mails.contains(down));
  expect_alert_mail(mails.at(up).front(), alice, up, "BTCUSDT", "above", "52500.00", "52000.00");
  expect_alert_mail(mails.at(down).front(), alice, down, "BTCUSDT", "below", "49500.00", "50000.00");
  EXPECT_EQ(status_of(alice, under), "created");
}

class rest_feed_test : public feed_test {
 protected:
  rest_feed_test() {
    extra_environment = {{"PRICEWATCH_FEED_SOURCE", "binance-rest"}, {"PRICEWATCH_FEED_POLL_SECONDS", "1"}};
  }
};

TEST_F(rest_feed_test, fires_from_rest_polling_without_a_stream_despite_an_unknown_symbol) {
  // The alerts first, while the fake exchange lists nothing (its symbols come with their first
  // price): an empty list is no list, so every symbol is accepted, this unknown one too.
  const test_user alice = register_user("rest");
  const test_user bob = register_user("rest");
  const std::int64_t btc = create_alert(alice, "BTCUSDT", "above", "51000");
  const std::int64_t eth = create_alert(bob, "ETHUSDT", "below", "2900");
  // The exchange does not know this one: it must not stop the others' prices.
  const std::int64_t unknown = create_alert(bob, "NOSUCHUSDT", "above", "1");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "50000"), 0);
  EXPECT_EQ(exchange().set_price("ETHUSDT", "3000"), 0);
  EXPECT_TRUE(eventually([&] { return watcher_has_price("BTCUSDT"); }));
  EXPECT_EQ(member(api().get("/api/v1/prices/BTCUSDT").json(), "price"), value("50000"));
  EXPECT_TRUE(eventually([&] { return feed_status() == value("live"); })) << boost::json::serialize(readiness());

  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000"), 0);
  EXPECT_EQ(exchange().set_price("ETHUSDT", "2850.5"), 0);
  ASSERT_TRUE(wait_for_status(alice, btc, "triggered"));
  ASSERT_TRUE(wait_for_status(bob, eth, "triggered"));
  EXPECT_EQ(member(alert(alice, btc), "triggered_price"), value("51000"));
  EXPECT_EQ(member(alert(bob, eth), "triggered_price"), value("2850.5"));
  EXPECT_EQ(status_of(bob, unknown), "created");
  ASSERT_TRUE(mail().wait_for_count(2));
  const auto mails = mails_by_alert();
  ASSERT_TRUE(mails.contains(btc) && mails.contains(eth)) << mails.size() << " alerts mailed";
  expect_alert_mail(mails.at(btc).front(), alice, btc, "BTCUSDT", "above", "51000.00", "51000.00");
  expect_alert_mail(mails.at(eth).front(), bob, eth, "ETHUSDT", "below", "2850.50", "2900.00");

  const value state = exchange().state();
  EXPECT_EQ(state_number(state, "connection_attempts"), 0) << "REST mode opened a stream";
  EXPECT_GE(state_number(member(state, "rest_requests"), "/api/v3/ticker/price"), 2);
}

}  // namespace
}  // namespace pricewatch::e2e
