// End-to-end tests of the HTTP limits and robustness (DESIGN.md 3.3): 413 for bodies over
// 64 KiB, 431 for headers over 8 KiB, 400 and close for malformed HTTP, keep-alive, no 500s.
#include "e2e_fixture.hpp"
#include "raw_connection.hpp"

#include <boost/json/serialize.hpp>

#include <sstream>
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

// How many HTTP responses begin in raw bytes read from a connection.
int responses_in(std::string_view bytes) {
  int count = 0;
  for (auto at = bytes.find("HTTP/1."); at != std::string_view::npos; at = bytes.find("HTTP/1.", at + 1)) ++count;
  return count;
}

// RFC 9112 section 6.3: a body whose length cannot be known is refused and the connection closed,
// so that it is never read as the next request (request smuggling).
TEST_F(limits_test, refuses_a_transfer_encoding_not_ending_in_chunked_and_never_serves_its_body) {
  const test_user user = [&] {
    http_client http = client();
    return register_and_login(http, "smuggle");
  }();
  const std::string smuggled = "GET /api/v1/alerts?smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                               user.token + "\r\n\r\n";
  for (const char* coding : {"xchunked", "chunked, identity", "identity", "chunked;x=1, gzip"}) {
    raw_connection raw(port());
    raw.send(std::string("POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n") +
             "Transfer-Encoding: " + coding + "\r\n\r\n" + smuggled);
    const raw_read answer = raw.read_until_close();
    EXPECT_EQ(status_of(answer.data), 400u) << coding << " -> " << answer.data;
    EXPECT_EQ(responses_in(answer.data), 1) << coding << " -> " << answer.data;
    EXPECT_TRUE(answer.closed) << coding;
  }
  expect_still_serving();
}

TEST_F(limits_test, answers_501_to_a_transfer_coding_it_does_not_implement_and_closes) {
  raw_connection raw(port());
  raw.send("POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
           "5\r\nhello\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const raw_read answer = raw.read_until_close();
  EXPECT_EQ(status_of(answer.data), 501u) << answer.data;
  EXPECT_EQ(responses_in(answer.data), 1) << answer.data;
  EXPECT_TRUE(answer.closed);
}

TEST_F(limits_test, still_reads_a_chunked_body) {
  const std::string body = R"({"email": ")" + unique_email("chunked") + R"(", "password": "correct horse battery"})";
  std::ostringstream size;
  size << std::hex << body.size();
  raw_connection raw(port());
  raw.send("POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Transfer-Encoding: chunked\r\n\r\n" + size.str() + "\r\n" + body + "\r\n0\r\n\r\n");
  EXPECT_EQ(raw.read_response().status, 201u);
}

TEST_F(limits_test, answers_400_to_an_http_1_1_request_without_one_host) {
  for (const char* request : {"GET /healthz HTTP/1.1\r\n\r\n",
                              "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"}) {
    raw_connection raw(port());
    raw.send(request);
    const raw_read answer = raw.read_until_close();
    EXPECT_EQ(status_of(answer.data), 400u) << request << " -> " << answer.data;
    EXPECT_TRUE(answer.closed) << request;
  }
  raw_connection old(port());
  old.send("GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_EQ(status_of(old.read_until_close().data), 200u) << "HTTP/1.0 needs no Host";
}

TEST_F(limits_test, refuses_a_request_with_two_authorization_headers) {
  http_client http = client();
  const test_user user = register_and_login(http, "twoauth");
  raw_connection raw(port());
  raw.send("GET /api/v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + user.token +
           "\r\nAuthorization: Bearer forged\r\n\r\n");
  const raw_response answer = raw.read_response();
  EXPECT_EQ(answer.status, 400u) << answer.head << answer.body;
  EXPECT_NE(answer.body.find("Authorization"), std::string::npos) << answer.body;
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
