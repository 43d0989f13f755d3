// End-to-end tests of the account's lifecycle (issue 16) through the real binary, the fake
// exchange and the SMTP sink: a password reset mailed and used once, its link and a refresh token
// refused once their (shortened) lifetimes pass, an export with a real firing, and a deletion that
// leaves nothing of the account in any table (read from the SQLite file itself).
#include "watch_fixture.hpp"

#include <boost/json/serialize.hpp>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <regex>
#include <thread>

namespace pricewatch::e2e {
namespace {

using boost::json::value;
using namespace std::chrono_literals;

std::string json_of(std::initializer_list<std::pair<std::string_view, value>> fields) {
  boost::json::object object;
  for (const auto& [key, field] : fields) object[key] = field;
  return boost::json::serialize(object);
}

class account_test : public watch_test {
 protected:
  // The token of the newest reset link mailed to the address, waiting for count mails in all.
  std::string reset_token_mailed(std::size_t count, const std::string& address) {
    if (!mail().wait_for_count(count)) return {};
    const auto mails = mail().read_all();
    for (auto each = mails.rbegin(); each != mails.rend(); ++each) {
      if (each->header("to").find(address) == std::string::npos) continue;
      EXPECT_EQ(each->header("subject"), "Reset your pricewatch password");
      std::smatch found;
      if (std::regex_search(each->text, found, std::regex("/#reset=([0-9a-f]{64})"))) return found[1];
    }
    return {};
  }

  long long rows(const std::string& query, std::int64_t user_id) {
    soci::session sql(soci::sqlite3, "db=" + (directory() / "pricewatch.db").string() + " timeout=10");
    long long id = user_id;
    long long count = 0;
    sql << query, soci::use(id), soci::into(count);
    return count;
  }
};

TEST_F(account_test, a_reset_link_is_mailed_and_works_once) {
  const test_user owner = register_user("reset");
  http_client http = api();
  const http_response asked = http.post("/api/v1/password-resets", json_of({{"email", value(owner.email)}}));
  EXPECT_EQ(asked.status, 202u) << asked.body;
  const std::string token = reset_token_mailed(1, owner.email);
  ASSERT_EQ(token.size(), 64u) << "no reset link mailed";
  const std::string path = "/api/v1/password-resets/" + token;
  EXPECT_EQ(http.post(path, json_of({{"password", value("a brand new password")}})).status, 204u);
  expect_v1_error(http.post(path, json_of({{"password", value("yet another password")}})), 404, "not_found");
  EXPECT_EQ(http.get("/api/v1/alerts", bearer(owner.token)).status, 401u) << "tokens from before the reset";
  EXPECT_EQ(http.post("/api/v1/tokens", json_of({{"email", value(owner.email)}, {"password", value("a brand new password")}}))
                .status,
            200u);
  // An unknown address: the same answer, and no mail.
  const http_response unknown = http.post("/api/v1/password-resets", json_of({{"email", value("nobody@example.com")}}));
  EXPECT_EQ(unknown.status, asked.status);
  EXPECT_EQ(unknown.body, asked.body);
  ASSERT_EQ(http.post("/api/v1/password-resets", json_of({{"email", value(owner.email)}})).status, 202u);
  ASSERT_TRUE(mail().wait_for_count(2));
  EXPECT_EQ(mail().count(), 2u) << "the unknown address got nothing";
}

class short_lifetimes_test : public account_test {
 protected:
  short_lifetimes_test() {
    extra_environment = {{"PRICEWATCH_AUTH_REFRESH_TTL_SECONDS", "5"},
                         {"PRICEWATCH_AUTH_PASSWORD_RESET_TTL_SECONDS", "5"}};
  }
};

// Time passing is what is tested: no condition to wait for, so the test waits for the lifetimes
// (five seconds, the shortest the keys allow) to pass, measured from before the tokens were asked for.
TEST_F(short_lifetimes_test, a_refresh_token_and_a_reset_link_are_refused_once_their_lifetime_passed) {
  const test_user owner = register_user("expiry");
  http_client http = api();
  const auto asked_at = std::chrono::steady_clock::now();
  const http_response issued =
      http.post("/api/v1/tokens", json_of({{"email", value(owner.email)}, {"password", value(test_password)}}));
  ASSERT_EQ(issued.status, 200u) << issued.body;
  EXPECT_EQ(member(issued.json(), "refresh_expires_in"), value(5));
  ASSERT_EQ(http.post("/api/v1/password-resets", json_of({{"email", value(owner.email)}})).status, 202u);
  const std::string token = reset_token_mailed(1, owner.email);
  ASSERT_EQ(token.size(), 64u);
  std::this_thread::sleep_until(asked_at + 5500ms);
  expect_v1_error(http.post("/api/v1/tokens/refresh",
                            json_of({{"refresh_token", value(string_of(member(issued.json(), "refresh_token")))}})),
                  401, "invalid_token");
  expect_v1_error(http.post("/api/v1/password-resets/" + token, json_of({{"password", value("too late, sadly")}})), 404,
                  "not_found");
}

TEST_F(account_test, the_export_holds_alerts_firings_and_channels_without_secrets) {
  const test_user owner = register_user("export");
  const std::int64_t id = create_watched_alert(owner, "BTCUSDT", "above", "51000");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000.5"), 1);
  ASSERT_TRUE(wait_for_status(owner, id, "triggered"));
  http_client http = api();
  const http_response hook = http.post(
      "/api/v1/channels", R"({"type": "webhook", "name": "Hook", "config": {"url": "https://example.com/in"}})",
      bearer(owner.token));
  ASSERT_EQ(hook.status, 201u) << hook.body;
  const http_response exported = http.get("/api/v1/me/export", bearer(owner.token));
  ASSERT_EQ(exported.status, 200u) << exported.body;
  const value body = exported.json();
  EXPECT_EQ(member(member(body, "account"), "email"), value(owner.email));
  ASSERT_EQ(member(body, "alerts").as_array().size(), 1u);
  EXPECT_EQ(member(member(body, "alerts").as_array()[0], "status"), value("triggered"));
  ASSERT_EQ(member(body, "firings").as_array().size(), 1u);
  EXPECT_EQ(member(member(body, "firings").as_array()[0], "price"), value("51000.5"));
  EXPECT_EQ(member(body, "channels").as_array().size(), 2u);
  EXPECT_EQ(exported.body.find(string_of(member(hook.json(), "secret"))), std::string::npos);
  EXPECT_EQ(exported.body.find("$argon2"), std::string::npos);
}

TEST_F(account_test, deleting_the_account_leaves_nothing_of_it_in_any_table) {
  const test_user owner = register_user("leaving");
  const test_user neighbour = register_user("staying");
  const std::int64_t fired = create_watched_alert(owner, "BTCUSDT", "above", "51000");
  create_alert(neighbour, "BTCUSDT", "above", "51000");
  const std::int64_t open = create_alert(owner, "BTCUSDT", "above", "99000");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000.5"), 1);
  ASSERT_TRUE(wait_for_status(owner, fired, "triggered"));
  http_client http = api();
  const http_response hook = http.post(
      "/api/v1/channels", R"({"type": "webhook", "name": "Hook", "config": {"url": "https://example.com/in"}})",
      bearer(owner.token));
  ASSERT_EQ(hook.status, 201u);
  ASSERT_EQ(http.request("PATCH", "/api/v1/alerts/" + std::to_string(open),
                         R"({"channels": [)" + std::to_string(integer_of(member(hook.json(), "id"))) + "]}",
                         bearer(owner.token))
                .status,
            200u);
  ASSERT_EQ(http.post("/api/v1/password-resets", json_of({{"email", value(owner.email)}})).status, 202u);
  ASSERT_FALSE(reset_token_mailed(3, owner.email).empty()) << "two alert mails and the reset link";
  ASSERT_GT(rows("SELECT COUNT(*) FROM password_resets WHERE user_id = :id", owner.id), 0);
  ASSERT_GT(rows("SELECT COUNT(*) FROM firings WHERE user_id = :id", owner.id), 0);

  expect_v1_error(http.request("DELETE", "/api/v1/me", json_of({{"password", value("not the password")}}),
                               bearer(owner.token)),
                  400, "validation_failed");
  const http_response deleted =
      http.request("DELETE", "/api/v1/me", json_of({{"password", value(test_password)}}), bearer(owner.token));
  ASSERT_EQ(deleted.status, 204u) << deleted.body;
  EXPECT_EQ(http.get("/api/v1/alerts", bearer(owner.token)).status, 401u);
  for (const char* query : {"SELECT COUNT(*) FROM users WHERE id = :id",
                            "SELECT COUNT(*) FROM alerts WHERE user_id = :id",
                            "SELECT COUNT(*) FROM firings WHERE user_id = :id",
                            "SELECT COUNT(*) FROM notifications WHERE user_id = :id",
                            "SELECT COUNT(*) FROM channels WHERE user_id = :id",
                            "SELECT COUNT(*) FROM refresh_tokens WHERE user_id = :id",
                            "SELECT COUNT(*) FROM password_resets WHERE user_id = :id",
                            "SELECT COUNT(*) FROM alert_channels WHERE alert_id = :id"}) {
    EXPECT_EQ(rows(query, std::string(query).find("alert_channels") != std::string::npos ? open : owner.id), 0) << query;
  }
  EXPECT_GT(rows("SELECT COUNT(*) FROM alerts WHERE user_id = :id", neighbour.id), 0) << "others keep theirs";
  // The watcher forgot the deleted open alert: with no open alert left on BTCUSDT (the neighbour's
  // fired), it stops following the symbol, so a price that would cross it reaches nobody.
  EXPECT_TRUE(eventually([&] { return exchange().set_price("BTCUSDT", "99500") == 0; }))
      << "the watcher still follows BTCUSDT for the deleted alert";
  EXPECT_EQ(http.get("/api/v1/alerts", bearer(neighbour.token)).status, 200u);
}

}  // namespace
}  // namespace pricewatch::e2e
