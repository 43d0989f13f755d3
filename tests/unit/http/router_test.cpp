// Tests the router: matching of literal and parameter segments, trailing slashes, specificity,
// 404 and 405 with Allow, and the path parameters it fills.
#include "http/router.hpp"

#include <gtest/gtest.h>

namespace pricewatch::http {
namespace {

response fallback(unsigned status, std::string_view message, error_style style) {
  response built;
  built.status = status;
  built.body = std::string(style == error_style::original ? "original:" : "v1:") + std::string(message);
  return built;
}

handler answering(std::string name) {
  return [name](request&) {
    response built;
    built.body = name;
    return built;
  };
}

std::string header_of(const response& answer, std::string_view name) {
  for (const auto& [key, value] : answer.headers) {
    if (key == name) return value;
  }
  return "(absent)";
}

struct outcome {
  router::match match;
  request sent;
};

outcome route(const router& table, std::string method, std::string path) {
  outcome result;
  result.sent.method = std::move(method);
  result.sent.path = std::move(path);
  result.sent.path_parameters = {"left over"};
  result.match = table.route(result.sent);
  return result;
}

// The handler's body, or the fallback's status and body.
std::string answer(const router& table, std::string method, std::string path) {
  auto result = route(table, std::move(method), std::move(path));
  if (result.match.handle != nullptr) return (*result.match.handle)(result.sent).body;
  return std::to_string(result.match.fallback.status) + " " + result.match.fallback.body;
}

TEST(router, an_id_segment_matches_digits_only) {
  router table(fallback);
  table.add("GET", "/api/v1/alerts/{id}", answering("get alert"));
  const auto found = route(table, "GET", "/api/v1/alerts/42");
  ASSERT_NE(found.match.handle, nullptr);
  EXPECT_EQ(found.sent.path_parameters, std::vector<std::string>{"42"});
  EXPECT_EQ(found.match.route, "/api/v1/alerts/{id}");
  for (const std::string path : {"/api/v1/alerts/abc", "/api/v1/alerts/-1", "/api/v1/alerts/4a", "/api/v1/alerts/",
                                 "/api/v1/alerts/1/2", "/api/v1/alerts/1234567890123456789"}) {
    EXPECT_EQ(answer(table, "GET", path), "404 v1:Not found.") << path;
  }
}

TEST(router, a_named_segment_matches_any_one_segment) {
  router table(fallback);
  table.add("GET", "/api/v1/prices/{symbol}/stream", answering("stream"));
  const auto found = route(table, "GET", "/api/v1/prices/BTCUSDT/stream");
  ASSERT_NE(found.match.handle, nullptr);
  EXPECT_EQ(found.sent.path_parameters, std::vector<std::string>{"BTCUSDT"});
  EXPECT_EQ(answer(table, "GET", "/api/v1/prices/stream"), "404 v1:Not found.");
}

TEST(router, path_parameters_come_in_pattern_order) {
  router table(fallback);
  table.add("GET", "/users/{id}/alerts/{status}", answering("nested"));
  const auto found = route(table, "GET", "/users/7/alerts/created");
  ASSERT_NE(found.match.handle, nullptr);
  EXPECT_EQ(found.sent.path_parameters, (std::vector<std::string>{"7", "created"}));
}

TEST(router, an_optional_trailing_slash_matches_both_forms) {
  router table(fallback);
  table.add("POST", "/api/alerts/create/", answering("create"), {.slash = trailing_slash::optional});
  EXPECT_EQ(answer(table, "POST", "/api/alerts/create/"), "create");
  EXPECT_EQ(answer(table, "POST", "/api/alerts/create"), "create");
}

TEST(router, an_exact_route_needs_its_own_form) {
  router table(fallback);
  table.add("POST", "/api/v1/users", answering("users"));
  table.add("POST", "/api/register/", answering("register"));
  EXPECT_EQ(answer(table, "POST", "/api/v1/users"), "users");
  EXPECT_EQ(answer(table, "POST", "/api/v1/users/"), "404 v1:Not found.");
  EXPECT_EQ(answer(table, "POST", "/api/register/"), "register");
  EXPECT_EQ(answer(table, "POST", "/api/register"), "404 v1:Not found.");
}

void add_original_alert_routes(router& table, bool literal_first) {
  const route_options options{.slash = trailing_slash::optional, .errors = error_style::original};
  if (literal_first) table.add("POST", "/api/alerts/create/", answering("create"), options);
  table.add("GET", "/api/alerts/{status}/", answering("list by status"), options);
  if (!literal_first) table.add("POST", "/api/alerts/create/", answering("create"), options);
}

TEST(router, a_literal_segment_beats_a_parameter_whatever_the_order) {
  for (const bool literal_first : {true, false}) {
    router table(fallback);
    add_original_alert_routes(table, literal_first);
    const auto wrong_method = route(table, "GET", "/api/alerts/create");
    EXPECT_EQ(wrong_method.match.handle, nullptr);
    EXPECT_EQ(wrong_method.match.fallback.status, 405u);
    EXPECT_EQ(wrong_method.match.fallback.body, "original:Method \"GET\" not allowed.");
    EXPECT_EQ(header_of(wrong_method.match.fallback, "Allow"), "POST");
    EXPECT_EQ(wrong_method.match.route, "/api/alerts/create/");

    EXPECT_EQ(answer(table, "POST", "/api/alerts/create"), "create");
    const auto listed = route(table, "GET", "/api/alerts/created/");
    ASSERT_NE(listed.match.handle, nullptr);
    EXPECT_EQ(listed.sent.path_parameters, std::vector<std::string>{"created"});
  }
}

TEST(router, a_wrong_method_is_405_listing_every_method_of_the_pattern) {
  router table(fallback);
  table.add("GET", "/api/v1/alerts/{id}", answering("get"));
  table.add("DELETE", "/api/v1/alerts/{id}", answering("delete"));
  table.add("POST", "/api/v1/alerts", answering("create"));
  const auto wrong = route(table, "PUT", "/api/v1/alerts/5");
  EXPECT_EQ(wrong.match.handle, nullptr);
  EXPECT_EQ(wrong.match.fallback.status, 405u);
  EXPECT_EQ(wrong.match.fallback.body, "v1:Method \"PUT\" not allowed.");
  EXPECT_EQ(header_of(wrong.match.fallback, "Allow"), "DELETE, GET");
  EXPECT_EQ(answer(table, "DELETE", "/api/v1/alerts/5"), "delete");
  EXPECT_EQ(header_of(route(table, "GET", "/api/v1/alerts").match.fallback, "Allow"), "POST");
}

TEST(router, an_unknown_path_is_404) {
  router table(fallback);
  table.add("GET", "/healthz", answering("health"), {.runs_on = execution::inline_io});
  const auto unknown = route(table, "GET", "/nothing/here");
  EXPECT_EQ(unknown.match.handle, nullptr);
  EXPECT_EQ(unknown.match.route, "unmatched");
  EXPECT_EQ(unknown.match.fallback.status, 404u);
  EXPECT_EQ(unknown.match.fallback.body, "v1:Not found.");
  EXPECT_EQ(answer(table, "GET", "/"), "404 v1:Not found.");
  EXPECT_EQ(answer(table, "GET", "/healthz/extra"), "404 v1:Not found.");
}

TEST(router, a_match_carries_the_routes_options) {
  router table(fallback);
  table.add("GET", "/healthz", answering("health"), {.runs_on = execution::inline_io});
  table.add("GET", "/api/alerts/", answering("list"), {.errors = error_style::original});
  const auto health = route(table, "GET", "/healthz");
  EXPECT_EQ(health.match.runs_on, execution::inline_io);
  EXPECT_TRUE(health.sent.path_parameters.empty());
  const auto list = route(table, "GET", "/api/alerts/");
  EXPECT_EQ(list.match.runs_on, execution::blocking);
  EXPECT_EQ(list.match.errors, error_style::original);
}

TEST(router, the_root_path_can_be_routed) {
  router table(fallback);
  table.add("GET", "/", answering("app"), {.runs_on = execution::inline_io});
  EXPECT_EQ(answer(table, "GET", "/"), "app");
  EXPECT_EQ(answer(table, "GET", "/x"), "404 v1:Not found.");
}

TEST(router, routes_lists_what_was_added) {
  router table(fallback);
  table.add("GET", "/a", answering("a"));
  table.add("POST", "/b/{id}", answering("b"));
  const auto described = table.routes();
  ASSERT_EQ(described.size(), 2u);
  EXPECT_EQ(described[1].method, "POST");
  EXPECT_EQ(described[1].pattern, "/b/{id}");
}

TEST(router, runs_each_route_where_its_options_say) {
  router routes(fallback);
  routes.add("GET", "/healthz", answering("health"), inline_route());
  routes.add("POST", "/api/v1/tokens", answering("login"), hashing_route());
  routes.add("GET", "/api/v1/alerts", answering("list"));
  request health{"GET", "/healthz", "/healthz", "", {}, "", "", "", {}};
  request login{"POST", "/api/v1/tokens", "/api/v1/tokens", "", {}, "", "", "", {}};
  request list{"GET", "/api/v1/alerts", "/api/v1/alerts", "", {}, "", "", "", {}};
  EXPECT_EQ(routes.route(health).runs_on, execution::inline_io);
  EXPECT_EQ(routes.route(login).runs_on, execution::hashing);
  EXPECT_EQ(routes.route(list).runs_on, execution::blocking);
}

}  // namespace
}  // namespace pricewatch::http
