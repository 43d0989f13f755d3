// End-to-end tests of running pricewatch for real (issue 16): a mail only written to the outbox
// folder is "saved", never "sent"; the startup log says where mail goes; a malformed mail.url
// stops startup naming the key; `mail test` against the SMTP sink; --version; `backup` while the
// service runs, and a service started on the copy; an unwritable var/.
#include "command_run.hpp"
#include "watch_fixture.hpp"

#include "eventually.hpp"
#include "small_disk.hpp"

#include <boost/json/serialize.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace pricewatch::e2e {
namespace {

using boost::json::value;
namespace fs = std::filesystem;

class operations_commands_test : public watch_test {
 protected:
  // The one-shot command in this test's directory with the service's settings (and more).
  command_result run(const std::vector<std::string>& arguments, environment_list environment = {}) {
    environment.emplace_back("PRICEWATCH_DATABASE_URL", "sqlite://" + (directory() / "pricewatch.db").string());
    environment.emplace_back("PRICEWATCH_AUTH_JWT_SECRET", std::string(test_jwt_secret));
    return run_command(directory(), arguments, environment, std::chrono::seconds(60));
  }

  value delivery_of(const test_user& owner, std::int64_t id) { return member(alert(owner, id), "notification"); }
};

// Without mail.url: the embedded default, which mails nobody.
class outbox_only_test : public operations_commands_test {
 protected:
  void start_services() override {
    extra_environment = {{"PRICEWATCH_MAIL_URL", ""}};
    start_pricewatch();
  }
};

TEST_F(outbox_only_test, a_mail_written_to_the_outbox_is_saved_never_sent) {
  EXPECT_NE(pricewatch().output().find("mail is not sent: each message is saved as an .eml file in " +
                                       (directory() / "var" / "outbox").string()),
            std::string::npos)
      << pricewatch().output();
  const test_user owner = register_user("saved");
  const std::int64_t id = create_watched_alert(owner, "BTCUSDT", "above", "51000");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_status(owner, id, "triggered"));
  EXPECT_TRUE(eventually([&] { return member(delivery_of(owner, id), "status") == value("saved"); }))
      << boost::json::serialize(delivery_of(owner, id));
  const auto firings = api().get("/api/v1/alerts/" + std::to_string(id) + "/firings", bearer(owner.token));
  ASSERT_EQ(firings.status, 200u) << firings.body;
  const value first = firings.json().as_object().at("results").as_array().at(0);
  EXPECT_EQ(member(member(first, "deliveries").as_array().at(0), "status"), value("saved")) << firings.body;

  EXPECT_TRUE(fs::exists(directory() / "var" / "outbox" / ("alert-" + std::to_string(id) + "@localhost.eml")));
  EXPECT_EQ(mail().count(), 0u) << "nothing reached a mail server";
  EXPECT_EQ(metric("pricewatch_notifications_saved_total"), 1);
  EXPECT_EQ(metric("pricewatch_notifications_sent_total"), 0);
  EXPECT_EQ(metric(R"(pricewatch_notifications{status="saved"})"), 1);
  EXPECT_EQ(metric(R"(pricewatch_notifications{status="sent"})"), 0);
}

TEST_F(operations_commands_test, the_startup_log_says_which_smtp_server_mail_goes_to) {
  const std::string port = mail_url().substr(mail_url().rfind(':') + 1);
  EXPECT_NE(pricewatch().output().find("mail goes to the SMTP server 127.0.0.1:" + port), std::string::npos)
      << pricewatch().output();
  // Ready (its signal handlers set) before the fixture stops it.
  EXPECT_TRUE(eventually([&] { return api().get("/readyz").status == 200u; }));
}

TEST_F(operations_commands_test, a_malformed_mail_url_stops_startup_naming_the_key) {
  // A Gmail user name not percent-encoded: accepted before, it failed only after an alert fired.
  const auto result = run({"serve"}, {{"PRICEWATCH_HTTP_LISTEN", "127.0.0.1:0"},
                                      {"PRICEWATCH_MAIL_URL", "smtp://me@gmail.com:secret@smtp.gmail.com:587"}});
  EXPECT_EQ(result.status, 2) << result.err;
  EXPECT_NE(result.err.find("configuration error: mail.url (PRICEWATCH_MAIL_URL)"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("%40"), std::string::npos) << result.err;
}

TEST_F(operations_commands_test, mail_test_sends_one_message_and_prints_the_servers_answer) {
  const auto result = run({"mail", "test", "operator@example.com"},
                          {{"PRICEWATCH_MAIL_URL", mail_url()}, {"PRICEWATCH_MAIL_FROM", "alerts@example.com"}});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(result.out.starts_with("sent to operator@example.com from alerts@example.com; the server answered: 250"))
      << result.out;
  ASSERT_TRUE(mail().wait_for_count(1));
  const auto received = mail().read_all();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].envelope_from, "alerts@example.com");
  EXPECT_EQ(received[0].envelope_recipients, std::vector<std::string>{"operator@example.com"});
  EXPECT_NE(received[0].header("Subject").find("test message"), std::string::npos);
}

TEST_F(operations_commands_test, mail_test_prints_the_refusal_and_fails) {
  mail().refuse(true);
  const auto refused = run({"mail", "test", "operator@example.com"}, {{"PRICEWATCH_MAIL_URL", mail_url()}});
  EXPECT_EQ(refused.status, 1) << refused.out;
  EXPECT_NE(refused.err.find("not sent to operator@example.com"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("451"), std::string::npos) << refused.err;
  mail().refuse(false);

  const auto nobody = run({"mail", "test", "operator@example.com"}, {{"PRICEWATCH_MAIL_URL", "smtp://127.0.0.1:9"}});
  EXPECT_EQ(nobody.status, 1);
  EXPECT_NE(nobody.err.find("not sent to operator@example.com"), std::string::npos) << nobody.err;
  EXPECT_EQ(mail().count(), 0u);
}

TEST_F(operations_commands_test, version_prints_the_project_version) {
  const auto result = run({"--version"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(result.out.starts_with("pricewatch 0.1.0")) << result.out;
}

TEST_F(operations_commands_test, a_backup_taken_while_serving_starts_a_service_with_the_users_alerts) {
  const test_user owner = register_user("backup");
  const std::int64_t first = create_alert(owner, "BTCUSDT", "above", "51000");
  const std::int64_t second = create_alert(owner, "ETHUSDT", "below", "2000");
  const fs::path copy = directory() / "backups" / "pricewatch-copy.db";
  fs::create_directories(copy.parent_path());

  const auto result = run({"backup", copy.string()});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(fs::is_regular_file(copy));
  EXPECT_TRUE(pricewatch().running());
  const auto again = run({"backup", copy.string()});
  EXPECT_EQ(again.status, 2);
  EXPECT_NE(again.err.find("never overwrites"), std::string::npos) << again.err;

  // The original stops; a service on the copy alone has the account and both alerts.
  ASSERT_EQ(pricewatch().stop(SIGTERM), 0);
  extra_environment = {{"PRICEWATCH_DATABASE_URL", "sqlite://" + copy.string()}};
  start_pricewatch();
  http_client http = api();
  const auto login = http.post("/api/v1/tokens", R"({"email": ")" + owner.email + R"(", "password": ")" +
                                                     owner.password + R"("})");
  ASSERT_EQ(login.status, 200u) << login.body;
  const value token = member(login.json(), "access_token");
  const auto listed = http.get("/api/v1/alerts", bearer(string_of(token)));
  ASSERT_EQ(listed.status, 200u) << listed.body;
  std::vector<std::int64_t> ids;
  const value body = listed.json();
  for (const auto& item : body.as_object().at("results").as_array()) ids.push_back(integer_of(member(item, "id")));
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::int64_t>{first, second})) << listed.body;
}

TEST_F(operations_commands_test, backup_refuses_a_database_that_is_not_sqlite) {
  const auto result = run_command(directory(), {"backup", (directory() / "x.db").string()},
                                  {{"PRICEWATCH_DATABASE_URL", "postgresql://pricewatch:secret@127.0.0.1:1/pricewatch"}});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("copies an SQLite database; database.url is postgresql://"), std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(directory() / "x.db"));
}

TEST_F(operations_commands_test, a_read_only_var_folder_is_named_at_startup) {
  small_disk disk("1m");
  ASSERT_TRUE(disk.mounted()) << "make test runs as root or with password-less sudo";
  const fs::path var = disk.path() / "var";
  fs::create_directories(var);
  const std::string remount = std::string(geteuid() == 0 ? "" : "sudo -n ") + "mount -o remount,ro " + disk.path().string();
  ASSERT_EQ(std::system(remount.c_str()), 0);

  const auto result = run_command(directory(), {"serve"},
                                  {{"PRICEWATCH_HTTP_LISTEN", "127.0.0.1:0"},
                                   {"PRICEWATCH_DATABASE_URL", "sqlite://" + (var / "pricewatch.db").string()}});
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find(var.string() + " is not writable: Read-only file system"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("database.url"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace pricewatch::e2e
