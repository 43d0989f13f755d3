// End-to-end tests of firing (DESIGN.md 4, 5): only the alerts a price crosses fire, once, with
// the right facts in their owner's mail; deleted alerts and bad prices fire nothing.
#include "watch_fixture.hpp"

#include "eventually.hpp"

#include <boost/json/serialize.hpp>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

class firing_test : public watch_test {
 protected:
  // The alert's triggered_price, or "" while it has none.
  std::string triggered_price(const test_user& owner, std::int64_t id) {
    const value price = member(alert(owner, id), "triggered_price");
    return price.is_string() ? std::string(price.as_string()) : std::string();
  }

  // The statuses of a /api/v1/alerts page (newest first).
  std::vector<std::string> listed_statuses(const test_user& owner, std::string_view query) {
    const http_response listed = api().get("/api/v1/alerts" + std::string(query), bearer(owner.token));
    EXPECT_EQ(listed.status, 200u) << query << ": " << listed.body;
    std::vector<std::string> statuses;
    const value results = member(listed.json(), "results");
    if (!results.is_array()) return statuses;
    for (const auto& item : results.as_array()) statuses.push_back(string_of(member(item, "status")));
    return statuses;
  }
};

TEST_F(firing_test, fires_only_the_crossed_alerts_of_several_users_and_symbols_and_mails_each_owner_once) {
  const test_user alice = register_user("alice");
  const test_user bob = register_user("bob");
  const std::int64_t alice_btc_above = create_alert(alice, "BTCUSDT", "above", "51000");
  const std::int64_t alice_btc_below = create_alert(alice, "BTCUSDT", "below", "49000");
  const std::int64_t alice_eth_above = create_alert(alice, "ETHUSDT", "above", "3000");
  const std::int64_t bob_btc_above = create_alert(bob, "BTCUSDT", "above", "52000");
  const std::int64_t bob_eth_below = create_alert(bob, "ETHUSDT", "below", "2500");
  const std::int64_t bob_eth_lower = create_alert(bob, "ETHUSDT", "below", "2450");
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT") && exchange().wait_for_subscription("ETHUSDT"));

  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000.5"), 1);
  EXPECT_EQ(exchange().set_price("ETHUSDT", "2480"), 1);
  ASSERT_TRUE(wait_for_status(alice, alice_btc_above, "triggered"));
  ASSERT_TRUE(wait_for_status(bob, bob_eth_below, "triggered"));
  ASSERT_TRUE(mail().wait_for_count(2)) << mail().count() << " mails";
  for (const auto& [owner, id] : {std::pair{&alice, alice_btc_below}, std::pair{&alice, alice_eth_above},
                                  std::pair{&bob, bob_btc_above}, std::pair{&bob, bob_eth_lower}}) {
    EXPECT_EQ(status_of(*owner, id), "created") << "alert " << id;
  }
  const value fired = alert(alice, alice_btc_above);
  EXPECT_EQ(member(fired, "triggered_price"), value("51000.5"));
  EXPECT_TRUE(member(fired, "triggered_at").is_string()) << boost::json::serialize(fired);

  // Prices that cross the fired alerts again, and two fresh ones (the sentinels): once their mails
  // are in, a second mail for the first two would have had every chance to come.
  EXPECT_EQ(exchange().set_price("BTCUSDT", "52000"), 1);
  EXPECT_EQ(exchange().set_price("ETHUSDT", "2400"), 1);
  ASSERT_TRUE(mail().wait_for_count(4)) << mail().count() << " mails";
  ASSERT_TRUE(wait_for_status(bob, bob_btc_above, "triggered"));
  ASSERT_TRUE(wait_for_status(bob, bob_eth_lower, "triggered"));
  EXPECT_EQ(mail().count(), 4u);
  const auto mails = mails_by_alert();
  EXPECT_EQ(mails.size(), 4u);
  for (const auto& [id, received] : mails) EXPECT_EQ(received.size(), 1u) << "mails for alert " << id;
  const struct {
    const test_user* owner;
    std::int64_t id;
    const char* symbol;
    const char* condition;
    const char* current;
    const char* threshold;
  } expected[] = {{&alice, alice_btc_above, "BTCUSDT", "above", "51000.50", "51000.00"},
                  {&bob, bob_eth_below, "ETHUSDT", "below", "2480.00", "2500.00"},
                  {&bob, bob_btc_above, "BTCUSDT", "above", "52000.00", "52000.00"},
                  {&bob, bob_eth_lower, "ETHUSDT", "below", "2400.00", "2450.00"}};
  for (const auto& item : expected) {
    ASSERT_TRUE(mails.contains(item.id)) << "no mail for alert " << item.id;
    expect_alert_mail(mails.at(item.id).front(), *item.owner, item.id, item.symbol, item.condition, item.current,
                      item.threshold);
    EXPECT_TRUE(eventually([&] { return member(alert(*item.owner, item.id), "notification") ==
                                        value{{"status", "sent"}, {"attempts", 1}, {"last_error", nullptr}}; }))
        << boost::json::serialize(alert(*item.owner, item.id));
  }
  EXPECT_EQ(status_of(alice, alice_btc_below), "created");
  EXPECT_EQ(status_of(alice, alice_eth_above), "created");
  EXPECT_TRUE(eventually([&] { return metric("pricewatch_alerts_fired_total") == 4; }));
  EXPECT_TRUE(eventually([&] { return metric("pricewatch_notifications_sent_total") == 4; }));
}

TEST_F(firing_test, fires_above_and_below_alerts_at_a_price_equal_to_their_target) {
  const test_user alice = register_user("equal");
  const std::int64_t above = create_alert(alice, "BTCUSDT", "above", "50000");
  const std::int64_t below = create_alert(alice, "BTCUSDT", "below", "50000.00");
  const std::int64_t just_above = create_alert(alice, "BTCUSDT", "above", "50000.00000001");
  const std::int64_t just_below = create_alert(alice, "BTCUSDT", "below", "49999.99999999");
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT"));

  EXPECT_EQ(exchange().set_price("BTCUSDT", "50000"), 1);
  ASSERT_TRUE(wait_for_status(alice, above, "triggered"));
  ASSERT_TRUE(wait_for_status(alice, below, "triggered"));
  EXPECT_EQ(triggered_price(alice, above), "50000");
  EXPECT_EQ(triggered_price(alice, below), "50000");
  // One price fires its alerts together: the two that it misses by 1e-8 stay.
  EXPECT_EQ(status_of(alice, just_above), "created");
  EXPECT_EQ(status_of(alice, just_below), "created");
  ASSERT_TRUE(mail().wait_for_count(2));
  const auto mails = mails_by_alert();
  ASSERT_TRUE(mails.contains(above) && mails.contains(below)) << mails.size() << " alerts mailed";
  expect_alert_mail(mails.at(above).front(), alice, above, "BTCUSDT", "above", "50000.00", "50000.00");
  expect_alert_mail(mails.at(below).front(), alice, below, "BTCUSDT", "below", "50000.00", "50000.00");
}

TEST_F(firing_test, fires_an_alert_whose_condition_already_holds_on_the_next_price) {
  const test_user alice = register_user("holds");
  const std::int64_t keeper = create_watched_alert(alice, "BTCUSDT", "above", "90000");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000"), 1);
  ASSERT_TRUE(eventually([&] { return watcher_has_price("BTCUSDT"); }));
  EXPECT_EQ(member(api().get("/api/v1/prices/BTCUSDT").json(), "price"), value("51000"));

  const std::int64_t above = create_alert(alice, "BTCUSDT", "above", "50000");
  const std::int64_t below = create_alert(alice, "BTCUSDT", "below", "60000");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000"), 1);
  ASSERT_TRUE(wait_for_status(alice, above, "triggered"));
  ASSERT_TRUE(wait_for_status(alice, below, "triggered"));
  EXPECT_EQ(triggered_price(alice, above), "51000");
  EXPECT_EQ(triggered_price(alice, below), "51000");
  EXPECT_EQ(status_of(alice, keeper), "created");
  ASSERT_TRUE(mail().wait_for_count(2));
  const auto mails = mails_by_alert();
  ASSERT_TRUE(mails.contains(above) && mails.contains(below)) << mails.size() << " alerts mailed";
  expect_alert_mail(mails.at(below).front(), alice, below, "BTCUSDT", "below", "51000.00", "60000.00");
}

TEST_F(firing_test, never_fires_a_deleted_alert) {
  const test_user alice = register_user("deleter");
  const test_user bob = register_user("survivor");
  const std::int64_t doomed = create_alert(alice, "BTCUSDT", "above", "51000");
  const std::int64_t survivor = create_watched_alert(bob, "BTCUSDT", "above", "51500");
  const http_response deleted = api().remove("/api/v1/alerts/" + std::to_string(doomed), bearer(alice.token));
  ASSERT_EQ(deleted.status, 204u) << deleted.body;

  EXPECT_EQ(exchange().set_price("BTCUSDT", "52000"), 1);
  ASSERT_TRUE(wait_for_status(bob, survivor, "triggered"));
  ASSERT_TRUE(mail().wait_for_count(1));
  EXPECT_EQ(status_of(alice, doomed), "deleted");
  const value gone = alert(alice, doomed);
  EXPECT_TRUE(member(gone, "triggered_at").is_null() && member(gone, "notification").is_null())
      << boost::json::serialize(gone);
  const auto mails = mails_by_alert();
  EXPECT_EQ(mails.size(), 1u);
  EXPECT_TRUE(mails.contains(survivor));
  EXPECT_FALSE(mails.contains(doomed));
  EXPECT_TRUE(eventually([&] { return metric("pricewatch_alerts_fired_total") == 1; }));
}

TEST_F(firing_test, ignores_garbage_malformed_non_positive_and_stale_prices) {
  const test_user alice = register_user("garbage");
  const std::int64_t high = create_alert(alice, "BTCUSDT", "above", "60000");
  const std::int64_t low = create_watched_alert(alice, "BTCUSDT", "below", "40000");
  const std::string stream = trade_stream("BTCUSDT");
  const auto trade = [](value price, std::int64_t trade_time) {
    return value{{"e", "aggTrade"}, {"E", now_ms()}, {"s", "BTCUSDT"}, {"a", 900}, {"p", price},
                 {"q", "1.00000000"}, {"f", 900}, {"l", 900}, {"T", trade_time}, {"m", true}, {"M", true}};
  };
  EXPECT_EQ(exchange().garbage("{oops"), 1);
  EXPECT_EQ(exchange().garbage("[1, 2, 3]"), 1);
  EXPECT_EQ(exchange().raw_event(stream, trade("61000.x", now_ms())), 1);
  EXPECT_EQ(exchange().raw_event(stream, trade(61000, now_ms())), 1);      // a number, not a string
  EXPECT_EQ(exchange().raw_event(stream, trade("-39000", now_ms())), 1);
  value untimed = trade("61000", now_ms());
  untimed.as_object().erase("T");
  EXPECT_EQ(exchange().raw_event(stream, untimed), 1);
  EXPECT_EQ(exchange().raw_event(stream, trade("0.00000000", now_ms())), 1);
  EXPECT_EQ(exchange().set_price("BTCUSDT", "61000", now_ms() - 60'000), 1);
  EXPECT_EQ(exchange().set_price("BTCUSDT", "39000", now_ms() - 31'000), 1);
  EXPECT_EQ(exchange().set_price("BTCUSDT", "39000", now_ms() + 60'000), 1);  // from a clock far ahead

  EXPECT_TRUE(eventually([&] {
    return metric(R"(pricewatch_feed_ignored_total{reason="malformed"})") >= 6 &&
           metric(R"(pricewatch_feed_ignored_total{reason="non_positive"})") >= 1 &&
           metric(R"(pricewatch_feed_ignored_total{reason="stale"})") >= 3;
  })) << api().get("/metrics").body;
  EXPECT_EQ(metric(R"(pricewatch_feed_ignored_total{reason="malformed"})"), 6);
  EXPECT_EQ(metric(R"(pricewatch_feed_ignored_total{reason="non_positive"})"), 1);
  EXPECT_EQ(metric(R"(pricewatch_feed_ignored_total{reason="stale"})"), 3);
  EXPECT_EQ(status_of(alice, high), "created");
  EXPECT_EQ(status_of(alice, low), "created");
  // No price on the board: the route shows the exchange's own ticker instead (its last trade).
  const auto shown = api().get("/api/v1/prices/BTCUSDT");
  EXPECT_NE(member(shown.json(), "source"), value("feed")) << "a bad price reached the price board: " << shown.body;

  // The stream still works: a sound price after all that fires, at its own value.
  EXPECT_EQ(exchange().set_price("BTCUSDT", "60500"), 1);
  ASSERT_TRUE(wait_for_status(alice, high, "triggered"));
  EXPECT_EQ(triggered_price(alice, high), "60500");
  EXPECT_EQ(status_of(alice, low), "created");
  ASSERT_TRUE(mail().wait_for_count(1));
  EXPECT_EQ(mails_by_alert().size(), 1u);
}

TEST_F(firing_test, shows_a_fired_alert_in_the_cached_lists_at_once) {
  const test_user alice = register_user("cached");
  const std::int64_t id = create_watched_alert(alice, "BTCUSDT", "above", "51000");
  // Twice each, so that the second answer comes from the cache.
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(listed_statuses(alice, ""), std::vector<std::string>{"created"});
    EXPECT_EQ(listed_statuses(alice, "?status=created"), std::vector<std::string>{"created"});
    EXPECT_EQ(listed_statuses(alice, "?status=triggered"), std::vector<std::string>{});
    EXPECT_EQ(member(api().get("/api/alerts/", bearer(alice.token)).json(), "count"), value(1));
    EXPECT_EQ(member(api().get("/api/alerts/triggered", bearer(alice.token)).json(), "count"), value(0));
  }
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000"), 1);
  // The mail is what tells the user; whatever the app shows after it must say triggered.
  ASSERT_TRUE(mail().wait_for_count(1));
  EXPECT_EQ(listed_statuses(alice, ""), std::vector<std::string>{"triggered"});
  EXPECT_EQ(listed_statuses(alice, "?status=created"), std::vector<std::string>{});
  EXPECT_EQ(listed_statuses(alice, "?status=triggered"), std::vector<std::string>{"triggered"});
  const value original = api().get("/api/alerts/", bearer(alice.token)).json();
  EXPECT_EQ(member(member(original, "results").as_array().at(0), "status"), value("triggered"))
      << boost::json::serialize(original);
  EXPECT_EQ(member(api().get("/api/alerts/triggered", bearer(alice.token)).json(), "count"), value(1));
  EXPECT_EQ(status_of(alice, id), "triggered");
}

}  // namespace
}  // namespace pricewatch::e2e
