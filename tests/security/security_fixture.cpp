// Implementation of the attack suites' shared pieces; see security_fixture.hpp.
#include "security_fixture.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>

namespace pricewatch::security {

const std::vector<user_route>& user_routes() {
  static const std::vector<user_route> routes{
      {"GET", "/api/alerts/", ""},
      {"GET", "/api/alerts/created/", ""},
      {"POST", "/api/alerts/create/", R"({"symbol":"BTCUSDT","condition":"above","price":"1"})"},
      {"POST", "/api/alerts/delete/{id}/", ""},
      {"POST", "/api/delete/{id}/", ""},
      {"GET", "/api/v1/alerts", ""},
      {"POST", "/api/v1/alerts", R"({"symbol":"BTCUSDT","condition":"above","price":"1"})"},
      {"GET", "/api/v1/alerts/{id}", ""},
      {"PATCH", "/api/v1/alerts/{id}", R"({"paused":true})"},
      {"DELETE", "/api/v1/alerts/{id}", ""},
      {"GET", "/api/v1/alerts/{id}/firings", ""},
      {"GET", "/api/v1/firings", ""},
      {"GET", "/api/v1/events", ""},
      {"GET", "/api/v1/me/export", ""},
      {"POST", "/api/v1/me/password", R"({"current_password":"correct horse battery","new_password":"forged horse battery"})"},
      {"DELETE", "/api/v1/me", R"({"password":"correct horse battery"})"},
  };
  return routes;
}

std::string with_id(std::string_view target, std::int64_t id) {
  std::string result(target);
  if (const auto at = result.find("{id}"); at != std::string::npos) result.replace(at, 4, std::to_string(id));
  return result;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

boost::json::object fresh_payload(const decoded_token& real) {
  static std::atomic<int> counter{0};
  boost::json::object payload = real.payload;
  payload["jti"] = "attack-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  payload["iat"] = now_seconds();
  payload["exp"] = now_seconds() + 1800;
  return payload;
}

http_response send_checked(http_client& http, std::string_view method, std::string_view target,
                           std::string_view body, const header_list& headers) {
  http_response answer = http.request(method, target, body, headers);
  EXPECT_LT(answer.status, 500u) << method << " " << target << " " << body << " -> " << answer.status << " "
                                 << answer.body;
  return answer;
}

std::int64_t create_v1_alert(http_client& http, std::string_view token, std::string_view body) {
  const http_response created = http.post("/api/v1/alerts", body, bearer(token));
  EXPECT_EQ(created.status, 201u) << body << " -> " << created.body;
  if (created.status != 201) return 0;
  return integer_of(member(created.json(), "id"));
}

}  // namespace pricewatch::security
