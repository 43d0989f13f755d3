// Hostile strings in every parameter a client controls (JSON fields, form fields, query
// parameters, path segments, headers), traversal of the static files, and server-side requests:
// each is answered (a 4xx when it is not valid), never a 5xx; no data changes but what the
// request may change; no header is injected into an answer; no file outside the app is served; no
// connection is made to an address a client names.
#include "raw_connection.hpp"
#include "security_fixture.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <string>
#include <vector>

namespace pricewatch::security {
namespace {

using boost::json::value;

// SQL, NoSQL, shell, template, log, CRLF and path payloads, overlong and odd encodings.
std::vector<std::string> payloads() {
  return {"' OR '1'='1", "1; DROP TABLE alerts;--", "\" OR \"\"=\"", "1' UNION SELECT password FROM users--",
          "{\"$gt\":\"\"}", "$(id)", "`id`", "; cat /etc/passwd", "{{7*7}}", "${jndi:ldap://127.0.0.1:9/a}",
          "<script>alert(1)</script>", "%0d%0aSet-Cookie: injected=1", "\r\nSet-Cookie: injected=1",
          "../../../../etc/passwd", "..%2f..%2fetc%2fpasswd", std::string("nul\0byte", 8), "%00", "\xff\xfe\xfd",
          "\xc0\xaf", "-1", "99999999999999999999999", "1e309", "NaN", "0x10", std::string(5000, 'A'),
          "\u202e\u0000", "BTCUSDT\nINFO forged log line"};
}

std::string json_string(const std::string& text) { return boost::json::serialize(value(text)); }

// Percent-encodes every byte but unreserved ones, for queries and paths.
std::string url_encoded(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class injection_test : public service_test {};

TEST_F(injection_test, hostile_strings_in_every_parameter_are_answered_without_a_5xx_or_a_side_effect) {
  http_client http = client();
  const test_user user = register_and_login(http, "injected");
  const test_user bystander = register_and_login(http, "bystander");
  const std::int64_t kept = create_v1_alert(http, bystander.token, R"({"symbol":"BTCUSDT","condition":"above","price":"7"})");
  const std::int64_t own = create_v1_alert(http, user.token, R"({"symbol":"BTCUSDT","condition":"above","price":"8"})");
  int requests = 0;
  auto send = [&](std::string_view method, const std::string& target, const std::string& body,
                  header_list headers = {}) {
    ++requests;
    const http_response answer = send_checked(http, method, target, body, headers);
    EXPECT_FALSE(answer.header("Set-Cookie").has_value()) << target << " " << body;
    return answer;
  };
  for (const std::string& payload : payloads()) {
    const std::string quoted = json_string(payload);
    const std::string encoded = url_encoded(payload);
    const header_list auth = bearer(user.token);
    for (const char* field : {"symbol", "condition", "price", "kind", "percent", "window", "frequency", "note",
                              "expires_at", "cooldown_seconds"}) {
      std::string body = R"({"symbol":"BTCUSDT","condition":"above","price":"9")";
      body += ",\"" + std::string(field) + "\":" + quoted + "}";
      send("POST", "/api/alerts/create/", body, auth);
      send("POST", "/api/v1/alerts", body, auth);
      send("PATCH", "/api/v1/alerts/" + std::to_string(own), "{\"" + std::string(field) + "\":" + quoted + "}", auth);
    }
    send("POST", "/api/alerts/create/", "symbol=" + encoded + "&price=" + encoded,
         {{"Authorization", "Bearer " + user.token}, {"Content-Type", "application/x-www-form-urlencoded"}});
    for (const char* credentials_route : {"/api/register/", "/api/login/", "/api/v1/users", "/api/v1/tokens"}) {
      send("POST", credentials_route, "{\"email\":" + quoted + ",\"password\":" + quoted + "}");
    }
    for (const std::string& target :
         {"/api/alerts/?page=" + encoded, "/api/alerts/" + encoded + "/", "/api/v1/alerts?status=" + encoded,
          "/api/v1/alerts?limit=" + encoded + "&cursor=" + encoded, "/api/v1/alerts?page=" + encoded,
          "/api/v1/firings?limit=" + encoded + "&cursor=" + encoded, "/api/v1/prices/" + encoded,
          "/api/v1/prices?symbols=" + encoded, "/api/v1/alerts/" + encoded, "/api/v1/alerts/" + encoded + "/firings"}) {
      send("GET", target, "", auth);
    }
    send("GET", "/api/v1/alerts", "", {{"Authorization", "Bearer " + user.token}, {"X-Request-Id", payload},
                                        {"Forwarded", "for=" + payload}, {"X-Forwarded-For", payload}});
  }
  // Ids past any integer, and signs: a 404, never an exception turned 500.
  for (const char* id : {"99999999999999999999", "9223372036854775808", "0", "00000000000000000001"}) {
    for (const std::string& target : {std::string("/api/v1/alerts/") + id, std::string("/api/alerts/delete/") + id + "/",
                                      std::string("/api/delete/") + id + "/", std::string("/api/v1/alerts/") + id + "/firings"}) {
      const std::string method = target.find("/delete/") != std::string::npos ? "POST" : "GET";
      const http_response answer = send(method, target, "", bearer(user.token));
      EXPECT_EQ(answer.status, 404u) << target << " -> " << answer.body;
    }
  }
  std::cout << "[ figures ] " << payloads().size() << " hostile strings, " << requests
            << " requests, none answered 5xx\n";
  // The bystander's alert is untouched and the injector's own alerts belong to the injector.
  const http_response untouched = http.get("/api/v1/alerts/" + std::to_string(kept), bearer(bystander.token));
  ASSERT_EQ(untouched.status, 200u) << untouched.body;
  EXPECT_EQ(member(untouched.json(), "status"), value("created"));
  EXPECT_EQ(member(untouched.json(), "price"), value("7"));
  EXPECT_EQ(http.get("/api/v1/alerts", bearer(bystander.token)).json().at("results").as_array().size(), 1u);
}

TEST_F(injection_test, no_file_outside_the_app_is_served) {
  for (const char* target :
       {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
        "/%252e%252e/%252e%252e/etc/passwd", "/..\\..\\..\\etc\\passwd", "//etc/passwd", "/./././etc/passwd",
        "/index.html/../../../etc/passwd", "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/app.js%00.html",
        "/static/../../../../proc/self/environ", "/proc/self/environ", "/.git/config", "/pricewatch.db",
        "/%2fetc%2fpasswd"}) {
    raw_connection connection(port());
    connection.send(std::string("GET ") + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    const raw_read answer = connection.read_until_close();
    const unsigned status = status_of(answer.data);
    EXPECT_TRUE(status == 400u || status == 404u) << target << " -> " << answer.data.substr(0, 300);
    EXPECT_EQ(answer.data.find("root:"), std::string::npos) << target;
    EXPECT_EQ(answer.data.find("PRICEWATCH_"), std::string::npos) << target;
    EXPECT_EQ(answer.data.find("SQLite format"), std::string::npos) << target;
  }
}

// Nothing a client sends makes the service connect anywhere (no route fetches a URL today: there
// are no notification channels with webhooks yet). A listener on loopback stands for an internal
// service; every URL-shaped field names it; it must see no connection.
TEST_F(injection_test, no_client_input_makes_the_service_connect_anywhere) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 16), 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/internal";

  http_client http = client();
  const test_user user = register_and_login(http, "ssrf");
  const std::string quoted = json_string(url);
  for (const char* field : {"symbol", "note", "webhook", "url", "callback", "channel", "email"}) {
    send_checked(http, "POST", "/api/v1/alerts",
                 std::string(R"({"symbol":"BTCUSDT","condition":"above","price":"9",")") + field + "\":" + quoted + "}",
                 bearer(user.token));
  }
  send_checked(http, "GET", "/api/v1/prices/" + url_encoded(url));
  send_checked(http, "GET", "/api/v1/alerts", "",
               {{"Authorization", "Bearer " + user.token}, {"Host", "127.0.0.1:" + std::to_string(ntohs(address.sin_port))},
                {"X-Forwarded-Host", url}, {"Referer", url}});
  pollfd waiting{listener, POLLIN, 0};
  EXPECT_EQ(poll(&waiting, 1, 1000), 0) << "the service connected to " << url;
  close(listener);
}

}  // namespace
}  // namespace pricewatch::security
