// End-to-end test of a service started on a big imported book (issue 17): while the watcher loads
// the active alerts, page by page, the API answers (/readyz says "loading"; a user logs in and
// creates an alert); once loaded, every imported alert and the one created meanwhile are watched
// exactly once, and that one fires once.
#include "command_run.hpp"
#include "original_database.hpp"
#include "watch_fixture.hpp"

#include <boost/json/serialize.hpp>
#include <soci/soci.h>

#include <string>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

// hashlib.pbkdf2_hmac('sha256', b"bob's old password", b'Hn4sPq7Rt1Vw', 1000): quick to check.
const std::string bob_password = "bob's old password";
const std::string bob_hash = "pbkdf2_sha256$1000$Hn4sPq7Rt1Vw$ehDhWRsTkYzTisFnM8waTujOd43919nKeEeZmo6FptQ=";
// Big enough that loading it outlasts a login and a create (about a second here), small enough
// to import in a few seconds.
constexpr long long book_size = 200'000;

class import_big_book_test : public watch_test {
 protected:
  // pricewatch starts after the import, in the test.
  void start_services() override {}

  // bob's book: book_size alerts, `above` 20,000.00 to 79,999.00, every one created.
  void fill_original() {
    original_.add_user(1, "bob@example.com", bob_hash);
    soci::session& sql = original_.session();
    soci::transaction writing(sql);
    sql << "INSERT INTO pricing_alert (id, email, price, status) "
           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
               std::to_string(book_size) +
               ") SELECT i, 'bob@example.com', printf('%d.00', 20000 + i % 60000), 'created' FROM n";
    writing.commit();
  }

  // /readyz's answer: its status code and the feed's status ("loading" until the book is in).
  std::pair<unsigned, std::string> readiness() {
    const http_response response = api().get("/readyz");
    const value checks = member(response.json(), "checks");
    return {response.status, string_of(member(member(checks, "feed"), "status"))};
  }

  test_support::original_database original_{"sqlite", PRICEWATCH_FIXTURES};
};

TEST_F(import_big_book_test, the_api_answers_while_the_book_loads_and_an_alert_created_meanwhile_fires_once) {
  fill_original();
  const command_result imported =
      run_command(directory(), {"import-original", original_.url()},
                  {{"PRICEWATCH_DATABASE_URL", "sqlite://" + (directory() / "pricewatch.db").string()}});
  ASSERT_EQ(imported.status, 0) << imported.err;

  start_pricewatch();  // listening: the API answers from here on
  EXPECT_EQ(readiness(), (std::pair<unsigned, std::string>{503, "loading"}));
  const http_response login = api().post(
      "/api/v1/tokens", boost::json::serialize(value{{"email", "bob@example.com"}, {"password", bob_password}}));
  ASSERT_EQ(login.status, 200u) << login.body;
  test_user bob{"bob@example.com", bob_password, string_of(member(login.json(), "access_token")), 0};
  const std::int64_t made = create_alert(bob, "BTCUSDT", "below", "100");
  ASSERT_GT(made, book_size);
  ASSERT_EQ(readiness(), (std::pair<unsigned, std::string>{503, "loading"}))
      << "the alert was to be created while the book loaded: this machine loads it faster than the test "
         "expects (make book_size bigger)";

  // Loaded: every alert once, the one created meanwhile too.
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT"));
  ASSERT_TRUE(eventually([&] { return readiness().first == 200; }, std::chrono::seconds(60)));
  EXPECT_EQ(metric("pricewatch_watched_alerts"), book_size + 1);

  // It fires once at 99, not again at 99 after 101; none of the book fires below 20,000.
  EXPECT_EQ(exchange().set_price("BTCUSDT", "99"), 1);
  ASSERT_TRUE(wait_for_status(bob, made, "triggered"));
  EXPECT_EQ(exchange().set_price("BTCUSDT", "101"), 1);
  EXPECT_EQ(exchange().set_price("BTCUSDT", "99"), 1);
  ASSERT_TRUE(mail().wait_for_count(1));
  EXPECT_TRUE(eventually([&] { return metric("pricewatch_feed_prices_total") == 3; }));
  EXPECT_EQ(integer_of(member(alert(bob, made), "fire_count")), 1);
  EXPECT_EQ(metric("pricewatch_alerts_fired_total"), 1);
  EXPECT_EQ(metric("pricewatch_watched_alerts"), book_size);
  EXPECT_EQ(mail().count(), 1u);
}

}  // namespace
}  // namespace pricewatch::e2e
