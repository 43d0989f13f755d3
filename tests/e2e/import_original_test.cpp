// End-to-end tests of `pricewatch import-original` (issue 12, "Moving over from the original"): an
// original database with Django's real schema on SQLite and on the MariaDB test server, filled
// with rows and password hashes as Django made them (pinned, computed with Python's
// hashlib.pbkdf2_hmac); the real binary imports it; then a pricewatch started on the result
// proves it through its HTTP API: the old passwords log in and are rehashed with Argon2id, the
// alerts are listed with their ids, an imported created alert fires and mails its owner.
#include "command_run.hpp"
#include "original_database.hpp"
#include "watch_fixture.hpp"

#include <boost/json/serialize.hpp>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <fstream>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

// Django 4.2's default cost; python3 -c "import hashlib, base64; print(base64.b64encode(
// hashlib.pbkdf2_hmac('sha256', b\"alice's old password\", b'q8VnT3xKc0RzL5mWb2YhJd', 600000)).decode())"
const std::string alice_password = "alice's old password";
const std::string alice_hash =
    "pbkdf2_sha256$600000$q8VnT3xKc0RzL5mWb2YhJd$bLX4BmrZvARc1NbAjJGWsfdPxqEG/46s2Gp+WbR6K+M=";
// hashlib.pbkdf2_hmac('sha256', b"bob's old password", b'Hn4sPq7Rt1Vw', 1000): an older Django's salt.
const std::string bob_password = "bob's old password";
const std::string bob_hash = "pbkdf2_sha256$1000$Hn4sPq7Rt1Vw$ehDhWRsTkYzTisFnM8waTujOd43919nKeEeZmo6FptQ=";

std::vector<std::string> original_backends() {
  std::vector<std::string> names{"sqlite"};
  if (PRICEWATCH_HAS_MYSQL) names.push_back("mysql");
  return names;
}

std::string credentials(std::string_view email, std::string_view password) {
  return boost::json::serialize(value{{"email", email}, {"password", password}});
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

class import_original_test : public watch_test, public ::testing::WithParamInterface<std::string> {
 protected:
  // pricewatch starts after the import, in the test.
  void start_services() override {}

  // The original's rows: what works, and one row of each kind that cannot.
  void fill_original() {
    original_.add_user(1, "alice@example.com", alice_hash);
    original_.add_user(2, "Bob@Example.com", bob_hash);
    original_.add_user(3, "not-an-email", bob_hash);
    original_.add_user(4, "carol@example.com", "!Xq3Vn8TzL0cRw5Yb2KmJd7HsPa4GeU9oFiN6tQ1");
    original_.add_user(5, "dave@example.com", "bcrypt_sha256$$2b$12$Zcm3y4uZ3ZVbMe2iUo3ZJu0XJ2hGZXcBWzmF5Q3tP6zq7vPQmZ3xS");
    if (sqlite()) original_.add_user(6, "ALICE@EXAMPLE.COM", bob_hash);  // MySQL's unique key refuses it
    original_.add_alert(101, "alice@example.com", "51000.00", "created");
    original_.add_alert(102, "alice@example.com", "90000.00", "created");
    original_.add_alert(103, "bob@example.com", "45000.50", "triggered");
    original_.add_alert(104, "ALICE@example.com", "30000.00", "deleted");
    original_.add_alert(105, "nobody@example.com", "1.00", "created");
    original_.add_alert(106, "not-an-email", "1.00", "created");
    original_.add_alert(107, "alice@example.com", "0.00", "created");
    original_.add_alert(108, "alice@example.com", "-5.00", "created");
    original_.add_alert(109, "alice@example.com", "123456789012345678.00", "created");
    original_.add_alert(110, "alice@example.com", "1.00", "expired");
    if (sqlite()) original_.add_alert(111, "alice@example.com", "abc", "created");  // MySQL's DECIMAL refuses it
    original_.add_alert(2000, "carol@example.com", "60000.00", "created");
  }

  bool sqlite() const { return GetParam() == "sqlite"; }

  std::string target_url() const { return "sqlite://" + (directory() / "pricewatch.db").string(); }

  command_result import(std::vector<std::string> extra = {}) {
    std::vector<std::string> arguments{"import-original", original_.url()};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_command(directory(), arguments,
                       {{"PRICEWATCH_DATABASE_URL", target_url()}, {"PRICEWATCH_LOG_LEVEL", "info"}});
  }

  // Logs in on the original route; the user with its token, or with none (and the answer) if refused.
  test_user log_in(std::string_view email, std::string_view password, http_response* answer = nullptr) {
    const http_response response = api().post("/api/login/", credentials(email, password));
    if (answer != nullptr) *answer = response;
    test_user user{std::string(email), std::string(password), {}, 0};
    if (response.status != 200) return user;
    user.token = string_of(member(response.json(), "JWT token"));
    user.id = integer_of(member(decode_token(user.token).payload, "user_id"));
    return user;
  }

  // The stored password hash of an account, read from pricewatch's database file.
  std::string stored_hash(const std::string& email) {
    soci::session session(soci::sqlite3, "db=" + (directory() / "pricewatch.db").string() + " timeout=10");
    std::string hash;
    session << "SELECT password_hash FROM users WHERE email_key = :key", soci::use(email), soci::into(hash);
    return hash;
  }

  // The ids, prices and statuses GET /api/alerts/ lists, by id.
  std::vector<std::string> listed(const test_user& owner) {
    const http_response response = api().get("/api/alerts/", bearer(owner.token));
    EXPECT_EQ(response.status, 200u) << response.body;
    std::vector<std::string> rows;
    const value results = member(response.json(), "results");
    if (!results.is_array()) return rows;
    for (const auto& item : results.as_array()) {
      rows.push_back(std::to_string(integer_of(member(item, "id"))) + " " + string_of(member(item, "email")) + " " +
                     string_of(member(item, "price")) + " " + string_of(member(item, "status")));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  test_support::original_database original_{GetParam(), PRICEWATCH_FIXTURES};
};

TEST_P(import_original_test, imported_users_and_alerts_work_through_the_api) {
  fill_original();
  const command_result imported = import();
  ASSERT_EQ(imported.status, 0) << imported.err;
  SCOPED_TRACE("report:\n" + imported.out);
  EXPECT_TRUE(contains(imported.out, sqlite() ? "users:  6 read, 4 imported, 0 already imported, 2 skipped\n"
                                              : "users:  5 read, 4 imported, 0 already imported, 1 skipped\n"));
  EXPECT_TRUE(contains(imported.out, sqlite() ? "alerts: 12 read, 5 imported, 0 already imported, 7 skipped\n"
                                              : "alerts: 11 read, 5 imported, 0 already imported, 6 skipped\n"));
  EXPECT_TRUE(contains(imported.out, "3 imported alerts are active (status created)"));
  for (const char* line : {
           "  user 3 \"not-an-email\": its email is not an address pricewatch can mail\n",
           "  alert 105 \"nobody@example.com\": its owner is not an imported account\n",
           "  alert 106 \"not-an-email\": its owner is not an email address\n",
           "  alert 107 \"alice@example.com\": its price is zero\n",
           "  alert 108 \"alice@example.com\": its price is negative\n",
           "  alert 109 \"alice@example.com\": its price is not one pricewatch can hold exactly: Price is too large.\n",
           "  alert 110 \"alice@example.com\": its status is not created, triggered or deleted\n",
           "  user 4 \"carol@example.com\": an unusable password (Django's set_unusable_password)\n",
           "  user 5 \"dave@example.com\": password hash algorithm bcrypt_sha256 (only pbkdf2_sha256 is accepted)\n",
       }) {
    EXPECT_TRUE(contains(imported.out, line)) << line;
  }
  if (sqlite()) {
    EXPECT_TRUE(contains(imported.out, "  user 6 \"ALICE@EXAMPLE.COM\": the same email as user 1"));
    EXPECT_TRUE(contains(imported.out, "  alert 111 \"alice@example.com\": its price is not one pricewatch can hold "
                                       "exactly: Price must be a number.\n"));
  }
  EXPECT_FALSE(contains(imported.out, alice_hash.substr(30))) << "no hash is printed";

  start_pricewatch();
  // The old password logs in, on the original route; the hash is Argon2id from then on.
  EXPECT_EQ(stored_hash("alice@example.com"), alice_hash);
  http_response answer;
  const test_user alice = log_in("alice@example.com", alice_password, &answer);
  ASSERT_FALSE(alice.token.empty()) << answer.status << " " << answer.body;
  const std::string upgraded = stored_hash("alice@example.com");
  EXPECT_TRUE(upgraded.starts_with("$argon2id$")) << upgraded;
  EXPECT_FALSE(log_in("Alice@Example.com", alice_password).token.empty()) << "the same password, now Argon2id";
  EXPECT_EQ(stored_hash("alice@example.com"), upgraded);
  log_in("alice@example.com", "alice's new password", &answer);
  expect_original_error(answer, 401, "Invalid credentials");

  const test_user bob = log_in("bob@example.com", bob_password);
  ASSERT_FALSE(bob.token.empty());
  log_in("bob@example.com", alice_password, &answer);
  EXPECT_EQ(answer.status, 401u);
  for (const char* email : {"carol@example.com", "dave@example.com"}) {
    log_in(email, "any password at all", &answer);
    expect_original_error(answer, 401, "Invalid credentials");
  }

  // The alerts, with the ids the original's clients hold.
  EXPECT_EQ(listed(alice), (std::vector<std::string>{"101 alice@example.com 51000.00 created",
                                                     "102 alice@example.com 90000.00 created",
                                                     "104 alice@example.com 30000.00 deleted"}));
  EXPECT_EQ(listed(bob), std::vector<std::string>{"103 Bob@example.com 45000.50 triggered"});
  const http_response deleted = api().post("/api/delete/102", "", bearer(alice.token));
  EXPECT_EQ(deleted.status, 200u) << deleted.body;

  // An imported created alert is watched from the start: a price above it fires it and mails alice.
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT"));
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000.5"), 1);
  ASSERT_TRUE(wait_for_status(alice, 101, "triggered"));
  ASSERT_TRUE(mail().wait_for_count(1));
  const auto mails = mails_by_alert();
  ASSERT_TRUE(mails.contains(101)) << mails.size() << " alerts mailed";
  expect_alert_mail(mails.at(101).front(), alice, 101, "BTCUSDT", "above", "51000.50", "51000.00");
  EXPECT_EQ(status_of(alice, 102), "deleted");
  EXPECT_EQ(mail().count(), 1u) << "carol's alert at 60000 and the triggered one of bob's fire nothing";

  // New alerts get ids above the imported ones.
  EXPECT_GT(create_alert(alice, "BTCUSDT", "above", "70000"), 2000);
}

TEST_P(import_original_test, a_second_run_imports_nothing_twice_and_a_database_with_its_own_rows_is_refused) {
  fill_original();
  ASSERT_EQ(import().status, 0);
  const command_result again = import();
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_TRUE(contains(again.out, sqlite() ? "users:  6 read, 0 imported, 4 already imported, 2 skipped\n"
                                           : "users:  5 read, 0 imported, 4 already imported, 1 skipped\n"))
      << again.out;
  EXPECT_TRUE(contains(again.out, sqlite() ? "alerts: 12 read, 0 imported, 5 already imported, 7 skipped\n"
                                           : "alerts: 11 read, 0 imported, 5 already imported, 6 skipped\n"))
      << again.out;

  // Once pricewatch holds an account of its own, a plain run refuses and changes nothing.
  start_pricewatch();
  const test_user zoe = register_user("zoe");
  original_.add_alert(3000, "alice@example.com", "52000.00", "created");
  const command_result refused = import();
  EXPECT_EQ(refused.status, 3) << refused.out << refused.err;
  EXPECT_EQ(refused.out, "");
  EXPECT_TRUE(contains(refused.err, "pricewatch import-original: pricewatch's database already holds 1 account and 0 "
                                    "alerts that were not imported from the original; nothing was imported. Import "
                                    "into a new database, or pass --merge to add the original's rows beside them.\n"))
      << refused.err;
  const test_user alice = log_in("alice@example.com", alice_password);
  ASSERT_FALSE(alice.token.empty());
  EXPECT_EQ(listed(alice).size(), 3u);

  // --merge adds what is new beside it, with the service stopped as docs/operations.md says (a
  // running one would keep its cached lists, and an embedded one would not watch the new alert).
  ASSERT_EQ(pricewatch().stop(SIGTERM), 0);
  const command_result merged = import({"--merge"});
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_TRUE(contains(merged.out, sqlite() ? "alerts: 13 read, 1 imported, 5 already imported, 7 skipped\n"
                                            : "alerts: 12 read, 1 imported, 5 already imported, 6 skipped\n"))
      << merged.out;
  start_pricewatch();
  EXPECT_EQ(listed(alice).size(), 4u);
  EXPECT_EQ(api().get("/api/v1/alerts/3000", bearer(zoe.token)).status, 404u) << "not zoe's";
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT"));
  EXPECT_EQ(exchange().set_price("BTCUSDT", "52000.5"), 1);
  EXPECT_TRUE(wait_for_status(alice, 3000, "triggered"));
}

INSTANTIATE_TEST_SUITE_P(backends, import_original_test, ::testing::ValuesIn(original_backends()),
                         test_support::backend_name);

// What the command says when it cannot run.
class import_original_command_test : public ::testing::Test {
 protected:
  command_result import(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), "import-original");
    return run_command(directory_.path(), arguments,
                       {{"PRICEWATCH_DATABASE_URL", "sqlite://" + (directory_.path() / "pricewatch.db").string()}});
  }
  test_support::temp_directory directory_;
};

TEST_F(import_original_command_test, refuses_what_it_cannot_read_with_a_clear_message) {
  const auto missing = import({"sqlite://" + (directory_.path() / "missing.db").string()});
  EXPECT_EQ(missing.status, 1);
  EXPECT_TRUE(contains(missing.err, "pricewatch import-original: original database: no such file: ")) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(directory_.path() / "missing.db"));

  const auto scheme = import({"postgresql://django:secret@127.0.0.1:5432/original"});
  EXPECT_EQ(scheme.status, 2);
  EXPECT_TRUE(contains(scheme.err, "expected mysql://USER:PASSWORD@HOST:PORT/DATABASE or sqlite://PATH")) << scheme.err;
  EXPECT_FALSE(contains(scheme.err, "secret"));

  const auto same = import({"sqlite://" + (directory_.path() / "pricewatch.db").string()});
  EXPECT_EQ(same.status, 2);
  EXPECT_TRUE(contains(same.err, "the same file")) << same.err;

  test_support::temp_directory other;
  std::ofstream(other.path() / "empty.db").flush();
  const auto empty = import({"sqlite://" + (other.path() / "empty.db").string()});
  EXPECT_EQ(empty.status, 1);
  EXPECT_TRUE(contains(empty.err, "no table pricing_customuser: is this the original service's database?"))
      << empty.err;

  const auto no_url = import({});
  EXPECT_NE(no_url.status, 0);
  EXPECT_TRUE(contains(no_url.err + no_url.out, "URL is required")) << no_url.err << no_url.out;
}

TEST_F(import_original_command_test, help_says_when_to_run_it_and_what_it_answers) {
  const auto help = import({"--help"});
  EXPECT_EQ(help.status, 0);
  for (const char* part : {"pricing_customuser", "pbkdf2_sha256", "--merge", "Run it before `pricewatch serve`",
                           "3 refused"}) {
    EXPECT_TRUE(contains(help.out, part)) << part << " not in:\n" << help.out;
  }
}

}  // namespace
}  // namespace pricewatch::e2e
