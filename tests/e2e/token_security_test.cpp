// End-to-end tests of authentication through the real binary: the secret it is configured with,
// and events streams that end with their token. Every refused token and missing header on the
// original and /api/v1 routes is tested in-process in tests/unit/api/token_refusals_test.cpp.
#include "e2e_fixture.hpp"
#include "jwt_forge.hpp"
#include "raw_connection.hpp"

#include <chrono>

namespace pricewatch::e2e {
namespace {

using boost::json::object;
using boost::json::value;

constexpr std::string_view other_secret = "another-secret-0123456789abcdefghijklmno";

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A real token's payload made fresh: new jti, iat now, exp in 30 minutes.
object fresh_payload(const decoded_token& real) {
  object payload = real.payload;
  payload["jti"] = "forged-" + std::to_string(now_seconds()) + "-" + std::to_string(getpid());
  payload["iat"] = now_seconds();
  payload["exp"] = now_seconds() + 1800;
  return payload;
}

std::string sign(const object& payload, signing_algorithm algorithm = signing_algorithm::hs256,
                 std::string_view secret = test_jwt_secret) {
  const char* name = algorithm == signing_algorithm::hs512 ? "HS512" : "HS256";
  return forge_token(object{{"alg", name}, {"typ", "JWT"}}, payload, algorithm, secret);
}

class token_security_test : public service_test {};

// The service signs and checks with the secret its environment gives (PRICEWATCH_AUTH_JWT_SECRET):
// a token forged with it is accepted, one forged with another is not.
TEST_F(token_security_test, accepts_only_tokens_signed_with_the_configured_secret) {
  http_client http = client();
  const test_user user = register_and_login(http, "control");
  const object payload = fresh_payload(decode_token(user.token));
  const http_response accepted = http.get("/api/alerts/", bearer(sign(payload)));
  EXPECT_EQ(accepted.status, 200u) << accepted.body;
  const http_response refused =
      http.get("/api/alerts/", bearer(sign(payload, signing_algorithm::hs256, other_secret)));
  EXPECT_EQ(refused.status, 401u) << refused.body;
  EXPECT_EQ(member(refused.json(), "code"), value("token_not_valid")) << refused.body;
  const http_response missing = http.get("/api/v1/alerts");
  expect_v1_error(missing, 401, "unauthenticated");
  EXPECT_EQ(missing.header("WWW-Authenticate").value_or(""), R"(Bearer realm="api")");
}

// An events stream must not outlive its token: it ends with an event saying why, then closes.
TEST_F(token_security_test, ends_an_events_stream_when_its_token_expires) {
  http_client http = client();
  const test_user user = register_and_login(http, "shortlived");
  object payload = fresh_payload(decode_token(user.token));
  payload["exp"] = now_seconds() + 2;
  raw_connection stream(port());
  stream.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + sign(payload) + "\r\n\r\n");
  const raw_read answer = stream.read_until_close(std::chrono::seconds(10));
  EXPECT_TRUE(answer.closed) << answer.data;
  EXPECT_EQ(status_of(answer.data), 200u) << answer.data;
  EXPECT_NE(answer.data.find("event: session_ended\ndata: {\"reason\":\"token_expired\""), std::string::npos)
      << answer.data;
}

TEST_F(token_security_test, keeps_an_events_stream_open_while_its_token_is_valid) {
  http_client http = client();
  const test_user user = register_and_login(http, "longlived");
  raw_connection stream(port());
  stream.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + user.token + "\r\n\r\n");
  const raw_read answer = stream.read_until_close(std::chrono::seconds(3));
  EXPECT_FALSE(answer.closed) << answer.data;
  EXPECT_EQ(answer.data.find("session_ended"), std::string::npos) << answer.data;
}

}  // namespace
}  // namespace pricewatch::e2e
