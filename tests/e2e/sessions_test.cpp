// End-to-end tests of sessions (issue 16) through the real binary: POST /api/v1/tokens gives a
// refresh token (in the JSON, or in an HttpOnly cookie for the browser app), each refresh rotates
// it, a used one presented again revokes its whole family, logging out ends it; a password change
// ends the other sessions and every access token issued before it; the original routes' tokens are
// as they were. Expiry (short lifetimes) and resets are in account_test.cpp.
#include "e2e_fixture.hpp"

#include <boost/json/serialize.hpp>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

std::string json_of(std::initializer_list<std::pair<std::string_view, value>> fields) {
  boost::json::object object;
  for (const auto& [key, field] : fields) object[key] = field;
  return boost::json::serialize(object);
}

struct session {
  std::string access;
  std::string refresh;
};

class sessions_test : public service_test {
 protected:
  // Registers through /api/v1/users; its password is test_password.
  static std::string registered(http_client& http, std::string_view tag) {
    const std::string email = unique_email(tag);
    const http_response made =
        http.post("/api/v1/users", json_of({{"email", value(email)}, {"password", value(test_password)}}));
    EXPECT_EQ(made.status, 201u) << made.body;
    return email;
  }

  static session log_in(http_client& http, const std::string& email, std::string_view password = test_password) {
    const http_response issued =
        http.post("/api/v1/tokens", json_of({{"email", value(email)}, {"password", value(password)}}));
    EXPECT_EQ(issued.status, 200u) << issued.body;
    if (issued.status != 200) return {};
    return {string_of(member(issued.json(), "access_token")), string_of(member(issued.json(), "refresh_token"))};
  }

  static http_response refresh(http_client& http, const std::string& token) {
    return http.post("/api/v1/tokens/refresh", json_of({{"refresh_token", value(token)}}));
  }

  static unsigned alerts_status(http_client& http, const std::string& access) {
    return http.get("/api/v1/alerts", bearer(access)).status;
  }
};

TEST_F(sessions_test, a_login_gives_a_refresh_token_in_the_json_and_no_cookie) {
  http_client http = client();
  const std::string email = registered(http, "json");
  const http_response issued =
      http.post("/api/v1/tokens", json_of({{"email", value(email)}, {"password", value(test_password)}}));
  ASSERT_EQ(issued.status, 200u) << issued.body;
  expect_keys(issued.json(), {"access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in"});
  EXPECT_EQ(member(issued.json(), "expires_in"), value(1800));
  EXPECT_EQ(member(issued.json(), "refresh_expires_in"), value(30 * 24 * 3600));
  EXPECT_EQ(string_of(member(issued.json(), "refresh_token")).size(), 64u);
  EXPECT_FALSE(issued.header("Set-Cookie")) << "a non-browser client keeps its token itself";
  EXPECT_EQ(issued.header("Cache-Control").value_or(""), "no-store");
  const decoded_token access = decode_token(string_of(member(issued.json(), "access_token")));
  EXPECT_EQ(member(access.payload, "token_type"), value("access"));
  EXPECT_TRUE(member(access.payload, "sid").is_string()) << "the access token names its session";
}

TEST_F(sessions_test, the_browser_gets_its_refresh_token_only_in_an_http_only_strict_cookie) {
  http_client http = client();
  const std::string email = registered(http, "cookie");
  const http_response issued = http.post(
      "/api/v1/tokens",
      json_of({{"email", value(email)}, {"password", value(test_password)}, {"refresh_cookie", value(true)}}));
  ASSERT_EQ(issued.status, 200u) << issued.body;
  expect_keys(issued.json(), {"access_token", "token_type", "expires_in", "refresh_expires_in"});
  const std::string cookie = issued.header("Set-Cookie").value_or("");
  ASSERT_TRUE(cookie.starts_with("pricewatch_refresh=")) << cookie;
  for (const char* attribute : {"; HttpOnly", "; SameSite=Strict", "; Path=/api/v1/tokens", "; Max-Age=2592000"}) {
    EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute << " in " << cookie;
  }
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP: a Secure cookie would never come back";
  const std::string token = cookie.substr(cookie.find('=') + 1, 64);

  // The cookie refreshes only with a JSON body declared as JSON: a cross-site form cannot send one.
  const header_list with_cookie{{"Cookie", "pricewatch_refresh=" + token}};
  header_list as_form = with_cookie;
  as_form.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  expect_v1_error(http.post("/api/v1/tokens/refresh", "a=b", as_form), 415, "unsupported_media_type");
  header_list as_text = with_cookie;
  as_text.emplace_back("Content-Type", "text/plain");
  expect_v1_error(http.post("/api/v1/tokens/refresh", "{}", as_text), 415, "unsupported_media_type");
  expect_v1_error(http.request("POST", "/api/v1/tokens/refresh", {}, with_cookie), 415, "unsupported_media_type");

  const http_response renewed = http.post("/api/v1/tokens/refresh", "{}", with_cookie);
  ASSERT_EQ(renewed.status, 200u) << renewed.body;
  expect_keys(renewed.json(), {"access_token", "token_type", "expires_in", "refresh_expires_in"});
  const std::string next = renewed.header("Set-Cookie").value_or("");
  ASSERT_TRUE(next.starts_with("pricewatch_refresh=")) << next;
  EXPECT_NE(next.substr(0, 84), cookie.substr(0, 84)) << "rotated";
  EXPECT_EQ(alerts_status(http, string_of(member(renewed.json(), "access_token"))), 200u);

  // The spent cookie again: refused, and the browser told to drop it.
  const http_response replayed = http.post("/api/v1/tokens/refresh", "{}", with_cookie);
  expect_v1_error(replayed, 401, "invalid_token");
  EXPECT_TRUE(replayed.header("Set-Cookie").value_or("").starts_with("pricewatch_refresh=; Max-Age=0"));
}

TEST_F(sessions_test, each_refresh_rotates_the_token_and_gives_a_working_access_token) {
  http_client http = client();
  const session first = log_in(http, registered(http, "rotate"));
  std::string current = first.refresh;
  for (int round = 0; round < 3; ++round) {
    const http_response renewed = refresh(http, current);
    ASSERT_EQ(renewed.status, 200u) << round << ": " << renewed.body;
    const std::string next = string_of(member(renewed.json(), "refresh_token"));
    EXPECT_NE(next, current);
    const std::string access = string_of(member(renewed.json(), "access_token"));
    EXPECT_EQ(alerts_status(http, access), 200u);
    EXPECT_EQ(member(decode_token(access).payload, "sid"), member(decode_token(first.access).payload, "sid"));
    current = next;
  }
  EXPECT_EQ(alerts_status(http, first.access), 200u) << "an access token lives its 30 minutes";
}

TEST_F(sessions_test, a_used_refresh_token_presented_again_revokes_the_whole_family) {
  http_client http = client();
  const std::string email = registered(http, "reuse");
  const session stolen = log_in(http, email);
  const session other_device = log_in(http, email);
  const http_response renewed = refresh(http, stolen.refresh);
  ASSERT_EQ(renewed.status, 200u) << renewed.body;
  const std::string newest = string_of(member(renewed.json(), "refresh_token"));

  expect_v1_error(refresh(http, stolen.refresh), 401, "invalid_token");
  expect_v1_error(refresh(http, newest), 401, "invalid_token");  // the family is gone, newest included
  EXPECT_EQ(refresh(http, other_device.refresh).status, 200u) << "another login's session goes on";
  expect_v1_error(refresh(http, std::string(64, 'a')), 401, "invalid_token");
  expect_v1_error(http.post("/api/v1/tokens/refresh", "{}"), 401, "unauthenticated");
  expect_v1_error(http.post("/api/v1/tokens/refresh", R"({"refresh_token": 5})"), 400, "validation_failed");
}

TEST_F(sessions_test, logging_out_ends_the_session) {
  http_client http = client();
  const session signed_in = log_in(http, registered(http, "logout"));
  const http_response ended = http.post("/api/v1/tokens/revoke", json_of({{"refresh_token", value(signed_in.refresh)}}));
  EXPECT_EQ(ended.status, 204u) << ended.body;
  EXPECT_TRUE(ended.header("Set-Cookie").value_or("").starts_with("pricewatch_refresh=; Max-Age=0"));
  expect_v1_error(refresh(http, signed_in.refresh), 401, "invalid_token");
  EXPECT_EQ(http.post("/api/v1/tokens/revoke", "{}").status, 204u) << "nothing to end is no error";
}

TEST_F(sessions_test, the_original_routes_keep_their_thirty_minute_tokens_and_no_session) {
  http_client http = client();
  const test_user original = register_and_login(http, "original");
  const decoded_token token = decode_token(original.token);
  EXPECT_EQ(integer_of(member(token.payload, "exp")) - integer_of(member(token.payload, "iat")), 1800);
  EXPECT_FALSE(token.payload.contains("sid"));
  const http_response again = http.post(
      "/api/login/", json_of({{"email", value(original.email)}, {"password", value(test_password)}}));
  ASSERT_EQ(again.status, 200u) << again.body;
  expect_keys(again.json(), {"JWT token", "access_token", "token_type", "expires_in"});
  EXPECT_FALSE(again.header("Set-Cookie"));
  const session v1 = log_in(http, original.email);
  const decoded_token v1_token = decode_token(v1.access);
  EXPECT_EQ(integer_of(member(v1_token.payload, "exp")) - integer_of(member(v1_token.payload, "iat")), 1800);
}

TEST_F(sessions_test, a_password_change_ends_the_other_sessions_and_older_access_tokens) {
  http_client http = client();
  const std::string email = registered(http, "change");
  const session mine = log_in(http, email);
  const session elsewhere = log_in(http, email);
  const std::string original_route_token = register_and_login(http, "bystander").token;

  expect_v1_error(http.post("/api/v1/me/password",
                            json_of({{"current_password", value("wrong password")},
                                     {"new_password", value("a new horse battery")}}),
                            bearer(mine.access)),
                  400, "validation_failed");
  expect_v1_error(http.post("/api/v1/me/password",
                            json_of({{"current_password", value(test_password)}, {"new_password", value("short")}}),
                            bearer(mine.access)),
                  400, "validation_failed");
  EXPECT_EQ(alerts_status(http, mine.access), 200u) << "a refused change changes nothing";

  const http_response changed = http.post(
      "/api/v1/me/password",
      json_of({{"current_password", value(test_password)}, {"new_password", value("a new horse battery")}}),
      bearer(mine.access));
  ASSERT_EQ(changed.status, 200u) << changed.body;
  expect_keys(changed.json(), {"access_token", "token_type", "expires_in"});
  const std::string fresh = string_of(member(changed.json(), "access_token"));
  EXPECT_EQ(alerts_status(http, fresh), 200u);
  EXPECT_EQ(alerts_status(http, mine.access), 401u) << "issued before the change";
  EXPECT_EQ(alerts_status(http, elsewhere.access), 401u);
  expect_v1_error(refresh(http, elsewhere.refresh), 401, "invalid_token");
  const http_response kept = refresh(http, mine.refresh);
  ASSERT_EQ(kept.status, 200u) << "the caller's own session goes on: " << kept.body;
  EXPECT_EQ(alerts_status(http, original_route_token), 200u) << "another account is untouched";

  expect_v1_error(http.post("/api/v1/tokens", json_of({{"email", value(email)}, {"password", value(test_password)}})),
                  401, "invalid_credentials");
  EXPECT_FALSE(log_in(http, email, "a new horse battery").access.empty());
}

}  // namespace
}  // namespace pricewatch::e2e
