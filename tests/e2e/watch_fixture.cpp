// Starting the three processes of a watch test, and its helpers; see watch_fixture.hpp.
#include "watch_fixture.hpp"

#include "eventually.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <regex>
#include <sstream>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

// A fixture script run by Debian's python, which has aiohttp and aiosmtpd.
std::unique_ptr<service_process> start_fixture(const std::filesystem::path& directory, std::string_view script,
                                               std::vector<std::string> arguments) {
  service_options options;
  options.binary = PRICEWATCH_PYTHON;
  options.arguments = {(std::filesystem::path(PRICEWATCH_FIXTURES) / script).string(), "--port", "0"};
  options.arguments.insert(options.arguments.end(), arguments.begin(), arguments.end());
  options.working_directory = directory;
  return std::make_unique<service_process>(std::move(options));
}

// The end of a log, without the access lines of the tests' polling GETs, which drown the rest.
void print_log(std::string_view title, const std::string& log, std::size_t limit) {
  static const std::regex polling(R"(^\S+ debug \[[^\]]*\] \S+ GET .*\n?)");
  std::string kept;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (!std::regex_match(line, polling)) kept += line + "\n";
  }
  const std::size_t shown = std::min(kept.size(), limit);
  std::cerr << "---- " << title << " (last " << shown << " bytes, polling GETs left out) ----\n"
            << kept.substr(kept.size() - shown) << "\n";
}

}  // namespace

void watch_test::SetUp() {
  mail_ = std::make_unique<maildir>(directory_.path() / "mail");
  std::filesystem::create_directories(mail_->path());
  sink_ = start_fixture(directory_.path(), "smtp_sink.py", {"--maildir", mail_->path().string()});
  exchange_process_ = start_fixture(directory_.path(), "fake_exchange.py", {});
  exchange_ = std::make_unique<exchange_control>(exchange_process_->port());
  start_services();
}

void watch_test::TearDown() {
  if (!runs_.empty() && pricewatch().running()) {
    EXPECT_EQ(pricewatch().stop(SIGTERM), 0) << "pricewatch's exit status after SIGTERM";
  }
  if (!HasFailure()) return;
  for (std::size_t run = 0; run < runs_.size(); ++run) {
    print_log("pricewatch run " + std::to_string(run + 1) + " log", runs_[run]->output(), 12000);
  }
  if (exchange_process_) print_log("fake exchange output", exchange_process_->output(), 3000);
  if (sink_) print_log("SMTP sink output", sink_->output(), 3000);
}

service_process& watch_test::start_pricewatch(std::vector<std::string> arguments, std::string ready_pattern) {
  const std::string host = "127.0.0.1:";
  service_options options;
  options.arguments = std::move(arguments);
  options.ready_pattern = std::move(ready_pattern);
  options.environment = {
      {"PRICEWATCH_HTTP_LISTEN", host + "0"},
      {"PRICEWATCH_DATABASE_URL", "sqlite://" + (directory_.path() / "pricewatch.db").string()},
      {"PRICEWATCH_LOG_LEVEL", "debug"},
      {"PRICEWATCH_AUTH_JWT_SECRET", std::string(test_jwt_secret)},
      {"PRICEWATCH_FEED_WS_URL", "ws://" + host + std::to_string(exchange_process_->port())},
      {"PRICEWATCH_FEED_REST_URL", "http://" + host + std::to_string(exchange_process_->port())},
      {"PRICEWATCH_MAIL_URL", mail_url()},
  };
  // The other exchanges on a closed local port unless a test gives them a fake of their own (an
  // api process asks each for its instrument list at start: nothing may leave 127.0.0.1, and the
  // fake above must see only the requests of Binance's that its tests count).
  for (const std::string name : {"BINANCEUS", "COINBASE", "KRAKEN"}) {
    options.environment.emplace_back("PRICEWATCH_FEED_" + name + "_WS_URL", "ws://127.0.0.1:9");
    options.environment.emplace_back("PRICEWATCH_FEED_" + name + "_REST_URL", "http://127.0.0.1:9");
  }
  for (const auto& [name, value] : extra_environment) {
    const auto same = std::find_if(options.environment.begin(), options.environment.end(),
                                   [&name](const auto& entry) { return entry.first == name; });
    if (same != options.environment.end()) {
      same->second = value;
    } else {
      options.environment.emplace_back(name, value);
    }
  }
  options.working_directory = directory_.path();
  // Another build of the server (a release or sanitizer one, a candidate fix) may be tried.
  if (const char* binary = std::getenv("PRICEWATCH_E2E_BINARY"); binary != nullptr && *binary != '\0') {
    options.binary = binary;
  }
  runs_.push_back(std::make_unique<service_process>(std::move(options)));
  return *runs_.back();
}

unsigned short watch_test::exchange_port() const { return exchange_process_->port(); }

std::string watch_test::mail_url() const { return "smtp://127.0.0.1:" + std::to_string(sink_->port()); }

void watch_test::kill_pricewatch() {
  pricewatch().send_signal(SIGKILL);
  EXPECT_EQ(pricewatch().wait_for_exit(std::chrono::seconds(10)), std::optional<int>(128 + SIGKILL));
}

void watch_test::kill_exchange() {
  exchange_process_->send_signal(SIGKILL);
  EXPECT_EQ(exchange_process_->wait_for_exit(std::chrono::seconds(10)), std::optional<int>(128 + SIGKILL));
}

test_user watch_test::register_user(std::string_view tag) {
  http_client http = api();
  test_user user{unique_email(tag), std::string(test_password), {}, 0};
  const std::string credentials = boost::json::serialize(value{{"email", user.email}, {"password", user.password}});
  const http_response registered = http.post("/api/v1/users", credentials);
  EXPECT_EQ(registered.status, 201u) << registered.body;
  user.id = integer_of(member(registered.json(), "id"));
  const http_response issued = http.post("/api/v1/tokens", credentials);
  EXPECT_EQ(issued.status, 200u) << issued.body;
  user.token = string_of(member(issued.json(), "access_token"));
  return user;
}

std::int64_t watch_test::create_alert(const test_user& owner, std::string_view symbol, std::string_view condition,
                                      std::string_view price) {
  const std::string body =
      boost::json::serialize(value{{"symbol", symbol}, {"condition", condition}, {"price", price}});
  const http_response created = api().post("/api/v1/alerts", body, bearer(owner.token));
  EXPECT_EQ(created.status, 201u) << body << " -> " << created.body;
  return created.status == 201 ? integer_of(member(created.json(), "id")) : 0;
}

std::int64_t watch_test::create_watched_alert(const test_user& owner, std::string_view symbol,
                                              std::string_view condition, std::string_view price) {
  const std::int64_t id = create_alert(owner, symbol, condition, price);
  exchange().wait_for_subscription(symbol);
  return id;
}

value watch_test::alert(const test_user& owner, std::int64_t id) {
  const http_response response = api().get("/api/v1/alerts/" + std::to_string(id), bearer(owner.token));
  EXPECT_EQ(response.status, 200u) << "alert " << id << ": " << response.body;
  return response.status == 200 ? response.json() : value(nullptr);
}

std::string watch_test::status_of(const test_user& owner, std::int64_t id) {
  const value status = member(alert(owner, id), "status");
  return status.is_string() ? std::string(status.as_string()) : std::string();
}

bool watch_test::wait_for_status(const test_user& owner, std::int64_t id, std::string_view status) {
  const bool reached = eventually([&] { return status_of(owner, id) == status; });
  EXPECT_TRUE(reached) << "alert " << id << " never became " << status << ": "
                       << boost::json::serialize(alert(owner, id));
  return reached;
}

bool watch_test::watcher_has_price(std::string_view symbol) {
  return member(api().get("/api/v1/prices/" + std::string(symbol)).json(), "source") == boost::json::value("feed");
}

std::int64_t watch_test::metric(std::string_view sample) { return metric_in(api().get("/metrics"), sample); }

std::int64_t watch_test::metric(std::string_view sample, const service_process& from) {
  return metric_in(http_client(from.port()).get("/metrics"), sample);
}

std::int64_t watch_test::metric_in(const http_response& response, std::string_view sample) {
  EXPECT_EQ(response.status, 200u);
  std::istringstream lines(response.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > sample.size() && line.starts_with(sample) && line[sample.size()] == ' ') {
      return std::stoll(line.substr(sample.size() + 1));
    }
  }
  ADD_FAILURE() << "no metric " << sample << " in:\n" << response.body;
  return -1;
}

std::map<std::int64_t, std::vector<received_mail>> watch_test::mails_by_alert() const {
  // The first firing of an alert is <alert-ID@localhost>, its n-th <alert-ID-n@localhost>.
  static const std::regex message_id(R"(<alert-([0-9]+)(-[0-9]+)?@localhost>)");
  std::map<std::int64_t, std::vector<received_mail>> mails;
  std::vector<received_mail> stored = mail().read_all();
  for (received_mail& message : stored) {
    std::smatch match;
    const std::string header = message.header("Message-ID");
    EXPECT_TRUE(std::regex_match(header, match, message_id)) << message.file << " has Message-ID '" << header << "'";
    const std::int64_t id = match.empty() ? 0 : std::stoll(match[1].str());
    mails[id].push_back(std::move(message));
  }
  return mails;
}

void watch_test::expect_alert_mail(const received_mail& message, const test_user& owner, std::int64_t id,
                                   std::string_view symbol, std::string_view condition, std::string_view current,
                                   std::string_view threshold) {
  SCOPED_TRACE("mail " + message.file + " for alert " + std::to_string(id));
  EXPECT_EQ(message.envelope_from, "pricewatch@localhost");
  EXPECT_EQ(message.envelope_recipients, std::vector<std::string>{owner.email});
  EXPECT_EQ(message.header("From"), "pricewatch@localhost");
  EXPECT_EQ(message.header("To"), owner.email);
  EXPECT_EQ(message.header("Subject"), "Price Alert: " + std::string(symbol) + " at " + std::string(current));
  EXPECT_EQ(message.header("Message-ID"), "<alert-" + std::to_string(id) + "@localhost>");
  EXPECT_FALSE(message.header("Date").empty());
  EXPECT_TRUE(message.alternative) << "no multipart/alternative with text/plain and text/html; Content-Type: "
                                << message.header("Content-Type");
  // The .eml writer's message, byte for byte: multipart/alternative at the top, no wrapper.
  EXPECT_EQ(message.header("Content-Type").rfind("multipart/alternative;", 0), 0u) << message.header("Content-Type");
  EXPECT_EQ(message.header("MIME-Version"), "1.0");
  const std::string relation = condition == "above" ? "greater than or equal to" : "less than or equal to";
  const std::string sentence = "The current " + std::string(symbol) + " price is " + std::string(current) +
                               ", which is " + relation + " your threshold of " + std::string(threshold) + ".";
  const std::regex number("Alert #" + std::to_string(id) + "([^0-9]|$)");
  for (const std::string* part : {&message.text, &message.html}) {
    EXPECT_NE(part->find(sentence), std::string::npos) << "'" << sentence << "' not in:\n" << *part;
    EXPECT_TRUE(std::regex_search(*part, number)) << "'Alert #" << id << "' not in:\n" << *part;
  }
}

}  // namespace pricewatch::e2e
