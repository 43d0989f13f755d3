// End-to-end tests of the HTTP limits and robustness (DESIGN.md 3.3): 413 for bodies over
// 64 KiB, 431 for headers over 8 KiB, 400 and close for malformed HTTP, keep-alive, no 500s.
#include "e2e_fixture.hpp"
#include "raw_connection.hpp"

#include <boost/json/serialize.hpp>

#include <vector>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

class limits_test : public service_test {
 protected:
  void expect_still_serving() {
    http_client http = client();
    EXPECT_EQ(http.get("/healthz").status, 200u);
  }
};

std::string post_head(std::string_view path, std::size_t length) {
  return "POST " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

TEST_F(limits_test, answers_413_with_json_to_a_declared_body_over_64_kib) {
  for (const char* path : {"/api/v1/users", "/api/register/", "/api/v1/alerts"}) {
    raw_connection raw(port());
    raw.send(post_head(path, 64 * 1024 + 1) + R"({"email": ")");
    const raw_response response = raw.read_response();
    EXPECT_EQ(response.status, 413u) << path << " -> " << response.head << "\r\n\r\n" << response.body;
    EXPECT_TRUE(response.complete) << path;
    EXPECT_FALSE(member(parse_json(response.body), "error").is_null()) << path << " -> " << response.body;
  }
  expect_still_serving();
}

TEST_F(limits_test, accepts_a_body_of_exactly_64_kib) {
  const std::string credentials = R"({"email": ")" + unique_email("big") + R"(", "password": "correct horse battery"})";
  const std::string body = credentials + std::string(64 * 1024 - credentials.size(), ' ');
  http_client http = client();
  const http_response response = http.post("/api/v1/users", body);
  EXPECT_EQ(response.status, 201u) << response.body;
}

TEST_F(limits_test, answers_431_to_headers_over_8_kib) {
  {
    raw_connection raw(port());
    raw.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + std::string(9000, 'a') + "\r\n\r\n");
    const raw_response response = raw.read_response();
    EXPECT_EQ(response.status, 431u) << response.head;
  }
  {
    std::string many = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int index = 0; index < 200; ++index) many += "X-Filler-" + std::to_string(index) + ": " + std::string(40, 'b') + "\r\n";
    raw_connection raw(port());
    raw.send(many + "\r\n");
    const raw_response response = raw.read_response();
    EXPECT_EQ(response.status, 431u) << response.head;
  }
  http_client http = client();
  const http_response under = http.get("/healthz", {{"X-Filler", std::string(6000, 'c')}});
  EXPECT_EQ(under.status, 200u) << under.body;
  expect_still_serving();
}

TEST_F(limits_test, answers_400_to_malformed_http_and_closes_the_connection) {
  using namespace std::string_literals;
  const std::vector<std::string> requests{
      "GARBAGE\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nBad Header Line\r\n\r\n",
      "POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\0b\r\n\r\n"s,
  };
  for (const auto& request : requests) {
    raw_connection raw(port());
    raw.send(request);
    const raw_read answer = raw.read_until_close();
    EXPECT_EQ(status_of(answer.data), 400u) << request << " -> " << answer.data;
    EXPECT_TRUE(answer.closed) << request;
  }
  expect_still_serving();
}

TEST_F(limits_test, serves_many_requests_on_one_kept_alive_connection) {
  http_client http = client();
  const test_user user = register_and_login(http, "keepalive");
  EXPECT_EQ(http.post("/api/register/", "[]").status, 400u);
  EXPECT_EQ(http.get("/nope").status, 404u);
  EXPECT_EQ(http.get("/api/alerts/").status, 401u);
  create_alert(http, user.token, R"({"price": 1})");
  EXPECT_EQ(http.get("/api/alerts/", bearer(user.token)).status, 200u);
  EXPECT_EQ(http.get("/healthz").status, 200u);
  EXPECT_EQ(http.connections_opened(), 1);

  raw_connection pipelined(port());
  pipelined.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(pipelined.read_response().status, 200u);
  EXPECT_EQ(pipelined.read_response().status, 404u);
}

TEST_F(limits_test, serves_others_while_a_client_sends_half_a_request) {
  raw_connection slow(port());
  slow.send("POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"em");
  raw_connection idle(port());
  http_client http = client();
  EXPECT_EQ(http.get("/healthz").status, 200u);
  const test_user user = register_and_login(http, "concurrent");
  EXPECT_FALSE(user.token.empty());
}

}  // namespace
}  // namespace pricewatch::e2e
