// pricewatch behind the nginx it ships (DESIGN.md section 8, deploy/): Debian's nginx runs
// deploy/nginx/pricewatch.conf with only its placeholders replaced, HTTPS with a certificate made
// for the test, in front of two api processes configured by deploy/pricewatch.toml (which trusts
// 127.0.0.1, nginx), sharing PostgreSQL, Redis and RabbitMQ as deploy/ describes. A third api
// process, reached directly, trusts no proxy and has http.public_url set.
//
// Distinct clients while every socket is on 127.0.0.1: the test plays a CDN in front of nginx,
// sending X-Forwarded-For with each client's address, as a CDN does. nginx appends the address
// that connected to it (127.0.0.1), and pricewatch takes the rightmost address that is not a
// trusted proxy's. The CDN here shares nginx's address, so trusting nginx trusts it too, as a real
// deployment trusts its CDN's ranges. What a client connecting to nginx itself sends in its own
// X-Forwarded-For stays on the left of what is appended, where the walk never reaches; that is
// the attacker's case below. A client talking to an api process directly is only untrusted if
// its address is not in http.trusted_proxies: the api processes listen on loopback for that
// reason, and the untrusting third process shows what happens to such a client's headers.
#include "e2e_fixture.hpp"
#include "nginx_process.hpp"
#include "scratch_database.hpp"
#include "tls_client.hpp"

#include "amqp_test_vhost.hpp"

#include <boost/json/serialize.hpp>

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string_view>

namespace pricewatch::e2e {
namespace {

using namespace std::chrono_literals;

// The Redis database of this suite (the scale-out suites use 1 and 2): flushed at the start, so
// that no failed-login count of an earlier run is left.
constexpr const char* redis_database = "3";
constexpr const char* public_url = "https://alerts.example.com/pricewatch";

std::string required(const char* variable) {
  const char* found = std::getenv(variable);
  if (found == nullptr || *found == '\0') {
    throw std::runtime_error(std::string(variable) + " is not set: run the tests with `make test`, which starts "
                             "PostgreSQL, Redis and RabbitMQ");
  }
  return found;
}

std::string with_path(const std::string& url, const std::string& path) {
  return url.substr(0, url.rfind('/') + 1) + path;
}

// What a CDN in front of nginx adds for the client it serves.
header_list from_client(const std::string& address, std::string request_id = "") {
  header_list headers{{"X-Forwarded-For", address}};
  if (!request_id.empty()) headers.emplace_back("X-Request-Id", std::move(request_id));
  return headers;
}

std::string credentials(std::string_view email, std::string_view password) {
  return boost::json::serialize(boost::json::value{{"email", email}, {"password", password}});
}

std::string request_id(std::string_view tag) {
  static int counter = 0;
  return std::string(tag) + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

class proxy_test : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    deployment_ = std::make_unique<deployment>();
    try {
      deployment_->start();
    } catch (const std::exception& failure) {
      deployment_->start_error = failure.what();
    }
  }

  static void TearDownTestSuite() {
    if (deployment_) deployment_->stop();
    deployment_.reset();
  }

 protected:
  void SetUp() override {
    ASSERT_TRUE(deployment_->start_error.empty()) << "the deployment did not start: " << deployment_->start_error;
  }

  void TearDown() override {
    if (!HasFailure()) return;
    for (const auto& api : deployment_->apis) {
      std::cerr << "---- pricewatch: its lines above debug ----\n" << above_debug(api->output())
                << "---- pricewatch: the end of its log ----\n" << tail(api->output());
    }
    if (deployment_->nginx) std::cerr << "---- nginx ----\n" << tail(deployment_->nginx->output());
  }

  static tls_client through_proxy() {
    return tls_client(deployment_->nginx->https_port(), nginx_process::server_name, deployment_->nginx->certificate());
  }
  static service_process& behind_proxy(std::size_t index) { return *deployment_->apis.at(index); }
  // The third api process: reached directly, trusting no proxy, with http.public_url set.
  static service_process& untrusting() { return *deployment_->apis.at(2); }
  static nginx_process& nginx() { return *deployment_->nginx; }

  // Whether one of the api processes behind nginx logged a line holding text (they log each
  // request at debug level, after answering it).
  static bool logged_behind_proxy(const std::string& text) {
    return eventually([&] {
      return behind_proxy(0).output().find(text) != std::string::npos ||
             behind_proxy(1).output().find(text) != std::string::npos;
    }, 5s);
  }

  template <class Client>
  static test_user sign_up(Client& client, std::string_view tag, const header_list& headers = {}) {
    test_user user{unique_email(tag), std::string(test_password), {}, 0};
    const auto registered = client.post("/api/register/", credentials(user.email, user.password), headers);
    EXPECT_EQ(registered.status, 201u) << registered.body;
    const auto logged_in = client.post("/api/login/", credentials(user.email, user.password), headers);
    EXPECT_EQ(logged_in.status, 200u) << logged_in.body;
    if (logged_in.status == 200) user.token = string_of(member(logged_in.json(), "access_token"));
    return user;
  }

  template <class Client>
  static std::int64_t create(Client& client, const test_user& owner, std::string_view price) {
    const auto created = client.post("/api/alerts/create/", R"({"price": ")" + std::string(price) + R"("})",
                                     bearer(owner.token));
    EXPECT_EQ(created.status, 201u) << created.body;
    return created.status == 201 ? integer_of(member(created.json(), "id")) : 0;
  }

 private:
  static std::string tail(const std::string& log) { return log.substr(log.size() - std::min<std::size_t>(log.size(), 3000)); }
  // The api processes log every request at debug level; what explains a failure is logged above it.
  static std::string above_debug(const std::string& log) {
    std::string kept;
    std::size_t start = 0;
    while (start < log.size()) {
      auto end = log.find('\n', start);
      if (end == std::string::npos) end = log.size();
      const std::string_view line(log.data() + start, end - start);
      if (line.find(" debug ") == std::string_view::npos) kept.append(line).append("\n");
      start = end + 1;
    }
    return kept;
  }

  struct deployment {
    test_support::temp_directory directory;
    std::unique_ptr<test_support::scratch_database> database;
    std::vector<std::unique_ptr<service_process>> apis;
    std::unique_ptr<nginx_process> nginx;
    std::string start_error;

    std::unique_ptr<service_process> run_pricewatch(std::vector<std::string> arguments, const environment_list& extra,
                                                    std::string ready_pattern = service_options{}.ready_pattern) {
      service_options options;
      options.arguments = {"--config", std::string(PRICEWATCH_SOURCE_DIR) + "/deploy/pricewatch.toml"};
      options.arguments.insert(options.arguments.end(), arguments.begin(), arguments.end());
      options.ready_pattern = std::move(ready_pattern);
      options.working_directory = directory.path();
      // The shipped file's servers are replaced by the test's; the rest of it holds.
      options.environment = {
          {"PRICEWATCH_HTTP_LISTEN", "127.0.0.1:0"},
          {"PRICEWATCH_DATABASE_URL", database->url()},
          {"PRICEWATCH_DATABASE_POOL_SIZE", "2"},
          {"PRICEWATCH_CACHE_URL", with_path(required("PRICEWATCH_TEST_REDIS_URL"), redis_database)},
          {"PRICEWATCH_QUEUE_URL", queue_url},
          {"PRICEWATCH_AUTH_JWT_SECRET", std::string(test_jwt_secret)},
          {"PRICEWATCH_LOG_LEVEL", "debug"},
      };
      options.environment.insert(options.environment.end(), extra.begin(), extra.end());
      return std::make_unique<service_process>(std::move(options));
    }

    void start() {
      database = std::make_unique<test_support::scratch_database>("postgresql");
      const auto redis = with_path(required("PRICEWATCH_TEST_REDIS_URL"), redis_database);
      if (std::system(("redis-cli -u " + redis + " FLUSHDB > /dev/null").c_str()) != 0) {
        throw std::runtime_error("cannot empty " + redis);
      }
      queue_url = test_support::amqp_test_vhost("proxy");
      if (queue_url.empty()) throw std::runtime_error("no RabbitMQ vhost");
      auto migrate = run_pricewatch({"migrate"}, {}, "migrations done");
      if (migrate->wait_for_exit(30s) != std::optional<int>(0)) throw std::runtime_error(migrate->output());
      for (int index = 0; index < 2; ++index) apis.push_back(run_pricewatch({"serve", "--role", "api"}, {}));
      apis.push_back(run_pricewatch({"serve", "--role", "api"},
                                    {{"PRICEWATCH_HTTP_TRUSTED_PROXIES", ""}, {"PRICEWATCH_HTTP_PUBLIC_URL", public_url}}));
      std::filesystem::create_directory(directory.path() / "nginx");
      nginx = std::make_unique<nginx_process>(directory.path() / "nginx", apis[0]->port(), apis[1]->port());
    }

    void stop() {
      if (nginx) {
        EXPECT_EQ(nginx->stop(), 0) << "nginx's exit status after SIGTERM";
      }
      for (auto& api : apis) {
        if (api->running()) {
          EXPECT_EQ(api->stop(SIGTERM), 0) << "pricewatch's exit status after SIGTERM";
        }
      }
    }

    std::string queue_url;
  };
  static std::unique_ptr<deployment> deployment_;
};

std::unique_ptr<proxy_test::deployment> proxy_test::deployment_;

TEST_F(proxy_test, login_limits_count_the_failures_of_each_real_client) {
  auto proxy = through_proxy();
  const std::string attacker = "198.51.100.7";
  const std::string alice_address = "203.0.113.20";
  const auto alice = sign_up(proxy, "proxy-alice", from_client(alice_address));
  // 100 failed logins from one address (DESIGN.md 3.3), each for another account so that no
  // account reaches its own limit of 10, spread by nginx over both api processes (Redis counts).
  for (int attempt = 0; attempt < 100; ++attempt) {
    const auto refused =
        proxy.post("/api/login/", credentials(unique_email("proxy-nobody"), "wrong password"), from_client(attacker));
    ASSERT_EQ(refused.status, 401u) << "attempt " << attempt << ": " << refused.body;
  }
  // That address is locked out, even with a right password, which is not even checked.
  const auto locked_id = request_id("proxy-locked");
  const auto locked = proxy.post("/api/login/", credentials(alice.email, alice.password), from_client(attacker, locked_id));
  EXPECT_EQ(locked.status, 429u) << locked.body;
  EXPECT_TRUE(locked.header("Retry-After").has_value());
  EXPECT_TRUE(logged_behind_proxy("[" + locked_id + "] " + attacker + " via 127.0.0.1 POST /api/login/ 429"))
      << "the log names the real client and the proxy it came through";

  // Everybody else still logs in: alice from her address, and a client without a CDN hop.
  EXPECT_EQ(proxy.post("/api/login/", credentials(alice.email, alice.password), from_client(alice_address)).status, 200u);
  EXPECT_EQ(through_proxy().post("/api/login/", credentials(alice.email, alice.password)).status, 200u);

  // The attacker cannot borrow alice's address: what it writes in its own X-Forwarded-For stays
  // left of the address the CDN appends.
  const auto borrowed = proxy.post("/api/login/", credentials(alice.email, alice.password),
                                   from_client(alice_address + ", " + attacker));
  EXPECT_EQ(borrowed.status, 429u) << borrowed.body;

  // To a pricewatch that trusts no proxy, X-Forwarded-For is anybody's word and not believed: the
  // client is its peer, 127.0.0.1, not the locked-out address it claims.
  http_client direct(untrusting().port());
  const auto forged_id = request_id("proxy-forged");
  const auto forged = direct.post("/api/login/", credentials(alice.email, alice.password), from_client(attacker, forged_id));
  EXPECT_EQ(forged.status, 200u) << forged.body;
  EXPECT_TRUE(eventually([&] {
    return untrusting().output().find("[" + forged_id + "] 127.0.0.1 POST /api/login/ 200") != std::string::npos;
  }, 5s)) << "the log names the peer, not the forged address";
}

TEST_F(proxy_test, list_links_are_https_links_to_the_host_the_client_used) {
  auto proxy = through_proxy();
  const auto owner = sign_up(proxy, "proxy-links");
  for (int index = 0; index < 11; ++index) create(proxy, owner, std::to_string(50000 + index));

  const auto first = proxy.get("/api/alerts/", bearer(owner.token));
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(member(first.json(), "next"), boost::json::value(proxy.base_url() + "/api/alerts/?page=2")) << first.body;
  EXPECT_EQ(first.header("Strict-Transport-Security"), "max-age=63072000");
  // The link leads back through the proxy to the next page, which links back to the first.
  const auto second = proxy.get("/api/alerts/?page=2", bearer(owner.token));
  ASSERT_EQ(second.status, 200u) << second.body;
  EXPECT_EQ(member(second.json(), "previous"), boost::json::value(proxy.base_url() + "/api/alerts/")) << second.body;
  EXPECT_TRUE(member(second.json(), "next").is_null());

  // Asked directly, the same process links to where it was asked (the cached page of the same
  // user and target carries https:// links: the cache keeps the two apart).
  http_client direct(behind_proxy(0).port());
  const auto plain = direct.get("/api/alerts/", bearer(owner.token));
  EXPECT_EQ(member(plain.json(), "next"), boost::json::value(direct.base_url() + "/api/alerts/?page=2")) << plain.body;
}

TEST_F(proxy_test, the_public_url_is_the_base_of_links_whatever_the_request_says) {
  http_client direct(untrusting().port());
  const auto owner = sign_up(direct, "proxy-public");
  for (int index = 0; index < 11; ++index) create(direct, owner, std::to_string(60000 + index));
  const auto first = direct.get("/api/alerts/", {{"Authorization", "Bearer " + owner.token}, {"Host", "other.example"}});
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(member(first.json(), "next"), boost::json::value(std::string(public_url) + "/api/alerts/?page=2"));
  const auto second = direct.get("/api/alerts/?page=2", bearer(owner.token));
  EXPECT_EQ(member(second.json(), "previous"), boost::json::value(std::string(public_url) + "/api/alerts/"));
}

TEST_F(proxy_test, a_clients_own_forwarded_header_never_reaches_pricewatch) {
  // pricewatch prefers Forwarded to X-Forwarded-*: nginx must remove a client's, or the client
  // would choose its address, scheme and host.
  auto proxy = through_proxy();
  const auto owner = sign_up(proxy, "proxy-forwarded");
  for (int index = 0; index < 11; ++index) create(proxy, owner, std::to_string(70000 + index));
  const auto id = request_id("proxy-forwarded");
  const auto listed = proxy.get("/api/alerts/", {{"Authorization", "Bearer " + owner.token},
                                                 {"Forwarded", "for=192.0.2.66;proto=http;host=evil.example"},
                                                 {"X-Request-Id", id}});
  ASSERT_EQ(listed.status, 200u) << listed.body;
  EXPECT_EQ(member(listed.json(), "next"), boost::json::value(proxy.base_url() + "/api/alerts/?page=2"));
  EXPECT_TRUE(logged_behind_proxy("[" + id + "] 127.0.0.1 GET /api/alerts/ 200"));
}

TEST_F(proxy_test, events_reach_the_client_through_the_proxy_while_the_stream_stays_open) {
  auto proxy = through_proxy();
  const auto owner = sign_up(proxy, "proxy-events");
  auto stream = proxy.open_stream("/api/v1/events", bearer(owner.token));
  ASSERT_EQ(stream->status(), 200u) << stream->body();
  EXPECT_EQ(stream->header("Content-Type"), "text/event-stream; charset=utf-8");
  ASSERT_TRUE(stream->read_until(": connected", 10s)) << "the stream's first bytes were held back: " << stream->body();
  // Created through another connection, so perhaps by the other api process: RabbitMQ carries
  // the event to the one holding the stream, and nginx must pass it on at once.
  const auto id = create(proxy, owner, "51000");
  EXPECT_TRUE(stream->read_until("\"id\":" + std::to_string(id) + ",", 10s)) << stream->body();
  EXPECT_NE(stream->body().find("event: alert"), std::string::npos) << stream->body();
  EXPECT_FALSE(stream->ended()) << "the event must come while the stream is open, not when it ends";
}

TEST_F(proxy_test, plain_http_is_redirected_to_https) {
  http_client plain(nginx().http_port());
  const auto answer = plain.get("/api/alerts/?page=2", {{"Host", nginx_process::server_name}});
  EXPECT_EQ(answer.status, 301u) << answer.body;
  EXPECT_EQ(answer.header("Location"), "https://alerts.example.com/api/alerts/?page=2");
}

}  // namespace
}  // namespace pricewatch::e2e
