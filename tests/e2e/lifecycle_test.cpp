// End-to-end tests of the process lifecycle: SIGTERM ends it with status 0 promptly, a request
// in flight still gets its answer, and an embedded-mode secret survives a restart.
#include "e2e_fixture.hpp"
#include "jwt_forge.hpp"
#include "raw_connection.hpp"

#include <boost/json/serialize.hpp>

#include <chrono>
#include <iostream>

namespace pricewatch::e2e {
namespace {

using boost::json::value;
using namespace std::chrono_literals;

// Each test starts its own services; their logs are printed when the test fails.
class lifecycle_test : public ::testing::Test {
 protected:
  service_process& start(jwt_secret secret) {
    services_.push_back(start_service(directory_.path(), secret));
    return *services_.back();
  }

  void TearDown() override {
    if (!HasFailure()) return;
    for (const auto& service : services_) std::cerr << "---- pricewatch log ----\n" << service->output() << "\n";
  }

  temp_directory directory_;
  std::vector<std::unique_ptr<service_process>> services_;
};

TEST_F(lifecycle_test, exits_with_status_0_promptly_on_sigterm) {
  service_process& service = start(jwt_secret::from_environment);
  EXPECT_EQ(http_client(service.port()).get("/healthz").status, 200u);
  const auto signalled = std::chrono::steady_clock::now();
  EXPECT_EQ(service.stop(SIGTERM), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 5s);
}

TEST_F(lifecycle_test, exits_promptly_on_sigterm_with_an_idle_keep_alive_connection_open) {
  service_process& service = start(jwt_secret::from_environment);
  http_client idle(service.port());
  EXPECT_EQ(idle.get("/healthz").status, 200u);
  const auto signalled = std::chrono::steady_clock::now();
  EXPECT_EQ(service.stop(SIGTERM), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 5s);
}

TEST_F(lifecycle_test, answers_a_request_in_flight_when_sigterm_arrives) {
  service_process& service = start(jwt_secret::from_environment);
  raw_connection raw(service.port());
  // A first request makes sure the server has accepted this connection.
  raw.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_EQ(raw.read_response().status, 200u);
  const std::string email = unique_email("inflight");
  const std::string body = boost::json::serialize(value{{"email", email}, {"password", test_password}});
  raw.send("POST /api/register/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body);
  service.send_signal(SIGTERM);
  const raw_response response = raw.read_response();
  EXPECT_EQ(response.status, 201u) << response.head << "\r\n\r\n" << response.body;
  EXPECT_TRUE(response.complete);
  EXPECT_EQ(parse_json(response.body), value({{"email", email}}));
  EXPECT_EQ(service.wait_for_exit(10s), std::optional<int>(0));
}

// Deterministic sibling of the test above: the 100 Continue proves that the server has read the
// headers, so the request is surely in flight when the signal arrives with its body.
TEST_F(lifecycle_test, answers_a_request_whose_body_arrives_with_sigterm) {
  service_process& service = start(jwt_secret::from_environment);
  raw_connection raw(service.port());
  const std::string email = unique_email("continue");
  const std::string body = boost::json::serialize(value{{"email", email}, {"password", test_password}});
  raw.send("POST /api/register/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
  ASSERT_EQ(raw.read_response().status, 100u);
  raw.send(body);
  service.send_signal(SIGTERM);
  const raw_response response = raw.read_response();
  EXPECT_EQ(response.status, 201u) << response.head << "\r\n\r\n" << response.body;
  EXPECT_EQ(parse_json(response.body), value({{"email", email}}));
  EXPECT_EQ(service.wait_for_exit(10s), std::optional<int>(0));
}

TEST_F(lifecycle_test, keeps_tokens_valid_across_a_restart_with_an_embedded_secret) {
  test_user user;
  std::int64_t id = 0;
  {
    service_process& first = start(jwt_secret::embedded);
    http_client http(first.port());
    user = register_and_login(http, "restart");
    id = create_alert(http, user.token, R"({"price": 51000})");
    ASSERT_EQ(first.stop(SIGTERM), 0);
  }
  service_process& second = start(jwt_secret::embedded);
  http_client http(second.port());
  const http_response listed = http.get("/api/alerts/", bearer(user.token));
  EXPECT_EQ(listed.status, 200u) << listed.body;
  const value results = member(listed.json(), "results");
  EXPECT_TRUE(results.is_array() && !results.as_array().empty() && member(results.as_array().at(0), "id") == value(id))
      << listed.body;
  const value credentials{{"email", user.email}, {"password", user.password}};
  EXPECT_EQ(http.post("/api/login/", boost::json::serialize(credentials)).status, 200u);

  // The embedded secret is the service's own, not the tests' one nor an empty one.
  decoded_token decoded = decode_token(user.token);
  for (std::string_view secret : {test_jwt_secret, std::string_view()}) {
    const std::string forged = forge_token(decoded.header, decoded.payload, signing_algorithm::hs256, secret);
    EXPECT_EQ(http.get("/api/alerts/", bearer(forged)).status, 401u) << "secret '" << secret << "'";
  }
  EXPECT_EQ(second.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace pricewatch::e2e
