// End-to-end test of `serve --symbols`: a watcher follows and fires only the symbols it was
// given, which is how several watchers split the symbols between them (docs/operations.md).
#include "watch_fixture.hpp"

#include "eventually.hpp"

namespace pricewatch::e2e {
namespace {

using namespace std::chrono_literals;

class symbols_test : public watch_test {
 protected:
  void start_services() override { start_pricewatch({"serve", "--symbols", "ETHUSDT,SOLUSDT"}); }
};

TEST_F(symbols_test, a_watcher_follows_and_fires_only_its_symbols) {
  const test_user owner = register_user("symbols");
  const auto eth = create_watched_alert(owner, "ETHUSDT", "above", "3000");
  const auto btc = create_alert(owner, "BTCUSDT", "above", "51000");
  const auto sol = create_watched_alert(owner, "SOLUSDT", "below", "100");
  // BTCUSDT is another watcher's: never subscribed here, even with an active alert.
  EXPECT_FALSE(exchange().subscribed("BTCUSDT"));
  EXPECT_EQ(metric("pricewatch_watched_alerts"), 2);

  exchange().set_price("BTCUSDT", "52000");
  exchange().set_price("ETHUSDT", "3000");
  exchange().set_price("SOLUSDT", "99");
  EXPECT_TRUE(wait_for_status(owner, eth, "triggered"));
  EXPECT_TRUE(wait_for_status(owner, sol, "triggered"));
  EXPECT_TRUE(mail().wait_for_count(2));
  EXPECT_EQ(status_of(owner, btc), "created");
  EXPECT_FALSE(mails_by_alert().contains(btc));
}

}  // namespace
}  // namespace pricewatch::e2e
