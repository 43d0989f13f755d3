// Implementation of the shared end-to-end fixture and helpers; see e2e_fixture.hpp.
#include "e2e_fixture.hpp"

#include "jwt_forge.hpp"

#include <boost/json/serialize.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace pricewatch::e2e {

environment_list service_environment(const std::filesystem::path& directory, jwt_secret secret) {
  environment_list environment{
      {"PRICEWATCH_HTTP_LISTEN", "127.0.0.1:0"},
      {"PRICEWATCH_DATABASE_URL", "sqlite://" + (directory / "pricewatch.db").string()},
      {"PRICEWATCH_LOG_LEVEL", "debug"},
      {"PRICEWATCH_FEED_WS_URL", "ws://127.0.0.1:9"},
      {"PRICEWATCH_FEED_REST_URL", "http://127.0.0.1:9"},
      // Every exchange's instrument list is asked at start: on a closed local port, never outside.
      {"PRICEWATCH_FEED_BINANCEUS_WS_URL", "ws://127.0.0.1:9"},
      {"PRICEWATCH_FEED_BINANCEUS_REST_URL", "http://127.0.0.1:9"},
      {"PRICEWATCH_FEED_COINBASE_WS_URL", "ws://127.0.0.1:9"},
      {"PRICEWATCH_FEED_COINBASE_REST_URL", "http://127.0.0.1:9"},
      {"PRICEWATCH_FEED_KRAKEN_WS_URL", "ws://127.0.0.1:9"},
      {"PRICEWATCH_FEED_KRAKEN_REST_URL", "http://127.0.0.1:9"},
  };
  if (secret == jwt_secret::from_environment) {
    environment.emplace_back("PRICEWATCH_AUTH_JWT_SECRET", std::string(test_jwt_secret));
  }
  return environment;
}

std::unique_ptr<service_process> start_service(const std::filesystem::path& directory, jwt_secret secret) {
  service_options options;
  options.environment = service_environment(directory, secret);
  options.working_directory = directory;
  return std::make_unique<service_process>(std::move(options));
}

struct service_test::shared_state {
  temp_directory directory;
  std::unique_ptr<service_process> process;
  std::string start_error;
};

std::unique_ptr<service_test::shared_state> service_test::shared_;

void service_test::SetUpTestSuite() {
  shared_ = std::make_unique<shared_state>();
  try {
    shared_->process = start_service(shared_->directory.path(), jwt_secret::from_environment);
  } catch (const std::exception& error) {
    shared_->start_error = error.what();
  }
}

void service_test::TearDownTestSuite() {
  if (shared_ && shared_->process) {
    const int status = shared_->process->stop(SIGTERM);
    if (status != 0) std::cerr << "pricewatch exited with status " << status << "\n";
  }
  shared_.reset();
}

void service_test::SetUp() {
  ASSERT_TRUE(shared_ && shared_->process) << "pricewatch did not start: "
                                           << (shared_ ? shared_->start_error : "no suite set-up");
  ASSERT_TRUE(shared_->process->running()) << "pricewatch is no longer running; its output:\n"
                                           << shared_->process->output();
}

void service_test::TearDown() {
  if (!HasFailure() || !shared_ || !shared_->process) return;
  const std::string log = shared_->process->output();
  const std::size_t shown = std::min<std::size_t>(log.size(), 6000);
  std::cerr << "---- last " << shown << " bytes of the pricewatch log ----\n"
            << log.substr(log.size() - shown) << "\n---- end of the pricewatch log ----\n";
}

service_process& service_test::service() { return *shared_->process; }

std::string unique_email(std::string_view tag) {
  static std::atomic<int> counter{0};
  return std::string(tag) + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + "@example.com";
}

header_list bearer(std::string_view token) { return {{"Authorization", "Bearer " + std::string(token)}}; }

test_user register_and_login(http_client& client, std::string_view tag) {
  test_user user{unique_email(tag), std::string(test_password), {}, 0};
  const boost::json::value credentials{{"email", user.email}, {"password", user.password}};
  const std::string body = boost::json::serialize(credentials);
  const http_response registered = client.post("/api/register/", body);
  EXPECT_EQ(registered.status, 201u) << registered.body;
  const http_response logged_in = client.post("/api/login/", body);
  EXPECT_EQ(logged_in.status, 200u) << logged_in.body;
  if (logged_in.status != 200) return user;
  user.token = string_of(member(logged_in.json(), "access_token"));
  user.id = integer_of(member(decode_token(user.token).payload, "user_id"));
  const http_response me = client.get("/api/alerts/", bearer(user.token));
  EXPECT_EQ(me.status, 200u) << me.body;
  return user;
}

std::int64_t create_alert(http_client& client, std::string_view token, std::string_view body) {
  const http_response created = client.post("/api/alerts/create/", body, bearer(token));
  EXPECT_EQ(created.status, 201u) << body << " -> " << created.body;
  if (created.status != 201) return 0;
  return integer_of(member(created.json(), "id"));
}

void expect_v1_error(const http_response& response, unsigned status, std::string_view code) {
  EXPECT_EQ(response.status, status) << response.body;
  const boost::json::value body = response.json();
  expect_keys(body, {"error"});
  const boost::json::value error = member(body, "error");
  EXPECT_EQ(member(error, "code"), boost::json::value(code)) << response.body;
  const boost::json::value message = member(error, "message");
  EXPECT_TRUE(message.is_string() && !message.as_string().empty()) << response.body;
}

void expect_original_error(const http_response& response, unsigned status, std::string_view message) {
  EXPECT_EQ(response.status, status) << response.body;
  const boost::json::value body = response.json();
  expect_keys(body, {"error"});
  EXPECT_EQ(member(body, "error"), boost::json::value(message)) << response.body;
}

}  // namespace pricewatch::e2e
