// End-to-end tests of the operational routes and of what every response carries: /healthz,
// /readyz, /metrics, the v1 404 for unknown paths, and the X-Request-Id header.
#include "e2e_fixture.hpp"
#include "eventually.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

// The first member named key anywhere in the document, or null.
value find_member(const value& document, std::string_view key) {
  if (document.is_object()) {
    if (const auto* found = document.as_object().if_contains(key)) return *found;
    for (const auto& entry : document.as_object()) {
      if (value nested = find_member(entry.value(), key); !nested.is_null()) return nested;
    }
  } else if (document.is_array()) {
    for (const auto& entry : document.as_array()) {
      if (value nested = find_member(entry, key); !nested.is_null()) return nested;
    }
  }
  return nullptr;
}

// "ok", {"status": "ok"} or {"ok": true}: the readiness body's format is the server's choice.
bool reports_ok(const value& check) {
  return check == value("ok") || member(check, "status") == value("ok") || member(check, "ok") == value(true);
}

// The value of an unlabelled sample "name value" in Prometheus text.
std::optional<double> sample(const std::string& text, std::string_view name) {
  const std::string prefix = "\n" + std::string(name) + " ";
  const std::size_t at = ("\n" + text).find(prefix);
  if (at == std::string::npos) return std::nullopt;
  const char* start = text.data() + at + prefix.size() - 1;
  double number = 0;
  const auto [end, error] = std::from_chars(start, text.data() + text.size(), number);
  return error == std::errc() ? std::optional<double>(number) : std::nullopt;
}

bool has_line(const std::string& text, std::string_view start, std::vector<std::string_view> parts) {
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    const std::size_t line_end = std::min(text.find('\n', line_start), text.size());
    const std::string_view line(text.data() + line_start, line_end - line_start);
    bool all = line.starts_with(start);
    for (const auto part : parts) all = all && line.find(part) != std::string_view::npos;
    if (all) return true;
    line_start = line_end + 1;
  }
  return false;
}

class operations_test : public service_test {};

TEST_F(operations_test, answers_liveness_and_readiness) {
  http_client http = client();
  const http_response live = http.get("/healthz");
  EXPECT_EQ(live.status, 200u) << live.body;
  // Right after startup the watcher may still be loading its alerts (503): ready soon after.
  http_response ready = http.get("/readyz");
  EXPECT_TRUE(eventually([&] {
    ready = http.get("/readyz");
    return ready.status == 200u;
  })) << ready.body;
  EXPECT_TRUE(reports_ok(find_member(ready.json(), "database"))) << ready.body;
}

TEST_F(operations_test, exposes_prometheus_metrics_that_follow_the_alerts) {
  http_client http = client();
  const test_user user = register_and_login(http, "metrics");
  const http_response before = http.get("/metrics");
  ASSERT_EQ(before.status, 200u) << before.body;
  EXPECT_TRUE(before.header("Content-Type").value_or("").starts_with("text/plain; version=0.0.4"))
      << before.header("Content-Type").value_or("(none)");
  EXPECT_TRUE(has_line(before.body, "pricewatch_http_requests_total{", {"route=\"", "status=\""})) << before.body;
  EXPECT_TRUE(has_line(before.body, "pricewatch_http_request_duration_seconds_bucket{", {})) << before.body;
  const std::optional<double> users = sample(before.body, "pricewatch_users");
  ASSERT_TRUE(users.has_value()) << before.body;
  EXPECT_GE(*users, 1.0);
  const std::optional<double> active_before = sample(before.body, "pricewatch_active_alerts");
  ASSERT_TRUE(active_before.has_value()) << before.body;

  create_alert(http, user.token, R"({"price": 51000})");
  const http_response after = http.get("/metrics");
  const std::optional<double> active_after = sample(after.body, "pricewatch_active_alerts");
  ASSERT_TRUE(active_after.has_value()) << after.body;
  EXPECT_DOUBLE_EQ(*active_after, *active_before + 1.0);
}

TEST_F(operations_test, answers_404_in_the_v1_shape_for_an_unknown_path) {
  http_client http = client();
  for (const char* path : {"/nope", "/api/v1/nope", "/api/alertsx", "/api/v1/alerts/1/2"}) {
    SCOPED_TRACE(path);
    expect_v1_error(http.get(path), 404, "not_found");
  }
}

TEST_F(operations_test, sends_the_security_headers_on_answers_errors_and_pages) {
  http_client http = client();
  for (const char* target : {"/healthz", "/no/such/path", "/"}) {
    SCOPED_TRACE(target);
    const http_response response = http.get(target);
    EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(response.header("Cross-Origin-Opener-Policy"), "same-origin");
    EXPECT_TRUE(response.header("Referrer-Policy").has_value());
  }
  EXPECT_EQ(http.get("/healthz").header("Referrer-Policy"), "same-origin");
  EXPECT_EQ(http.get("/").header("Referrer-Policy"), "no-referrer") << "the app's pages keep their stricter one";
}

TEST_F(operations_test, tags_every_response_with_a_request_id) {
  http_client http = client();
  std::vector<std::string> generated;
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/healthz"}, {"GET", "/nope"}, {"POST", "/api/login/"}, {"GET", "/api/alerts/"},
           {"GET", "/metrics"}, {"DELETE", "/api/alerts/"}}) {
    const http_response response = http.request(method, path, method == "POST" ? "[]" : "");
    const std::string id = response.header("X-Request-Id").value_or("");
    EXPECT_FALSE(id.empty()) << method << " " << path << " (status " << response.status << ")";
    generated.push_back(id);
  }
  EXPECT_NE(generated.at(0), generated.at(1)) << "generated request ids must differ";

  for (const std::string& sent : {std::string("e2e-trace-0123-ABC_x"), std::string(64, 'a')}) {
    EXPECT_EQ(http.get("/healthz", {{"X-Request-Id", sent}}).header("X-Request-Id"), sent);
  }
  for (const std::string& sent : {std::string(65, 'a'), std::string("has spaces in it"), std::string("<script>")}) {
    const std::optional<std::string> answered = http.get("/healthz", {{"X-Request-Id", sent}}).header("X-Request-Id");
    EXPECT_TRUE(answered.has_value() && !answered->empty() && *answered != sent) << "sent '" << sent << "'";
  }
}

}  // namespace
}  // namespace pricewatch::e2e
