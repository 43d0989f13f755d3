// What the original service's list routes answer (ORIGINAL_API.md): pagination and its links,
// status filters, isolation between users, cache freshness, and 405 on every original route.
#include "api_harness.hpp"

#include <boost/json/parse.hpp>
#include <string_view>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch {
namespace {

using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::expect_keys;
using test_support::header_of;
using test_support::integer_of;
using test_support::json_of;
using test_support::member;

value empty_page() {
  return boost::json::parse(R"({"count":0,"next":null,"previous":null,"page_size":10,"results":[]})");
}

std::vector<std::int64_t> ids_of(const value& page) {
  std::vector<std::int64_t> ids;
  const value results = member(page, "results");
  if (!results.is_array()) return ids;
  for (const auto& entry : results.as_array()) ids.push_back(integer_of(member(entry, "id")));
  return ids;
}

class original_list_routes : public ::testing::Test {
 protected:
  value list(const api_harness::user& user, const std::string& path) {
    const auto response = api.get(path, bearer(user.token));
    EXPECT_EQ(response.status, 200u) << path << " -> " << response.body;
    return json_of(response);
  }

  bool lists(const api_harness::user& user, const std::string& path, std::int64_t id) {
    for (const std::int64_t listed : ids_of(list(user, path))) {
      if (listed == id) return true;
    }
    return false;
  }

  api_harness api;
};

TEST_F(original_list_routes, answers_an_empty_page_for_a_new_user_on_both_paths) {
  const auto user = api.register_and_login("empty@example.com");
  for (const char* path : {"/api/alerts/", "/api/alerts"}) {
    const auto response = api.get(path, bearer(user.token));
    EXPECT_EQ(response.status, 200u) << path << " -> " << response.body;
    EXPECT_EQ(json_of(response), empty_page()) << path;
  }
}

// Oldest first (ascending id), as the original returned them; ?page=last is the last page.
TEST_F(original_list_routes, pages_ten_oldest_first_with_absolute_links) {
  const auto user = api.register_and_login("pages@example.com");
  std::vector<std::int64_t> created;
  for (int index = 0; index < 23; ++index) {
    created.push_back(api.create_alert(user.token, R"({"price": ")" + std::to_string(100 + index) + R"("})"));
  }
  const std::string link = api_harness::base_url() + "/api/alerts/";
  const value page_one = list(user, "/api/alerts/");
  expect_keys(page_one, {"count", "next", "previous", "page_size", "results"});
  EXPECT_EQ(member(page_one, "count"), value(23));
  EXPECT_EQ(member(page_one, "page_size"), value(10));
  EXPECT_EQ(member(page_one, "next"), value(link + "?page=2"));
  EXPECT_EQ(member(page_one, "previous"), value(nullptr));
  EXPECT_EQ(ids_of(page_one), std::vector<std::int64_t>(created.begin(), created.begin() + 10));
  const value first = member(page_one, "results").as_array().at(0);
  expect_keys(first, {"id", "email", "price", "status"});
  EXPECT_EQ(first, value({{"id", created.front()}, {"email", user.email}, {"price", "100.00"}, {"status", "created"}}));
  EXPECT_EQ(list(user, "/api/alerts/?page=1"), page_one);

  const value page_two = list(user, "/api/alerts/?page=2");
  EXPECT_EQ(member(page_two, "next"), value(link + "?page=3"));
  EXPECT_EQ(member(page_two, "previous"), value(link));
  EXPECT_EQ(ids_of(page_two), std::vector<std::int64_t>(created.begin() + 10, created.begin() + 20));

  const value page_three = list(user, "/api/alerts/?page=3");
  EXPECT_EQ(member(page_three, "count"), value(23));
  EXPECT_EQ(member(page_three, "next"), value(nullptr));
  EXPECT_EQ(member(page_three, "previous"), value(link + "?page=2"));
  EXPECT_EQ(ids_of(page_three), std::vector<std::int64_t>(created.begin() + 20, created.end()));
  EXPECT_EQ(list(user, "/api/alerts/?page=last"), page_three);

  for (const char* page : {"0", "4", "abc", "-1", ""}) {
    const auto invalid = api.get(std::string("/api/alerts/?page=") + page, bearer(user.token));
    EXPECT_EQ(invalid.status, 404u) << "page=" << page << " -> " << invalid.body;
    EXPECT_EQ(json_of(invalid), value({{"detail", "Invalid page."}})) << "page=" << page;
  }
}

TEST_F(original_list_routes, filters_by_status_on_both_paths) {
  const auto user = api.register_and_login("status@example.com");
  const std::int64_t kept = api.create_alert(user.token, R"({"price": 1})");
  const std::int64_t dropped = api.create_alert(user.token, R"({"price": 2})");
  ASSERT_EQ(api.post("/api/delete/" + std::to_string(dropped), "", bearer(user.token)).status, 200u);
  for (const char* suffix : {"", "/"}) {
    const value created = list(user, std::string("/api/alerts/created") + suffix);
    EXPECT_EQ(member(created, "count"), value(1)) << created;
    EXPECT_EQ(ids_of(created), std::vector<std::int64_t>{kept});
    const value deleted = list(user, std::string("/api/alerts/deleted") + suffix);
    EXPECT_EQ(ids_of(deleted), std::vector<std::int64_t>{dropped});
    EXPECT_EQ(member(member(deleted, "results").as_array().at(0), "status"), value("deleted"));
    EXPECT_EQ(list(user, std::string("/api/alerts/triggered") + suffix), empty_page());
  }
  // The original filtered on the text as given: a status no alert can have lists nothing.
  for (const char* path : {"/api/alerts/bogus", "/api/alerts/bogus/", "/api/alerts/CREATED", "/api/alerts/foo/?page=last"}) {
    EXPECT_EQ(list(user, path), empty_page()) << path;
  }
  const auto past_the_end = api.get("/api/alerts/foo/?page=2", bearer(user.token));
  EXPECT_EQ(past_the_end.status, 404u) << past_the_end.body;
  EXPECT_EQ(json_of(past_the_end), value({{"detail", "Invalid page."}}));
}

TEST_F(original_list_routes, shows_each_user_only_their_own_alerts) {
  const auto owner = api.register_and_login("mine@example.com");
  const auto other = api.register_and_login("theirs@example.com");
  api.create_alert(owner.token, R"({"price": 51000})");
  api.create_alert(owner.token, R"({"price": 52000, "symbol": "ETHUSDT", "condition": "below"})");
  EXPECT_EQ(member(list(owner, "/api/alerts/"), "count"), value(2));
  EXPECT_EQ(list(other, "/api/alerts/"), empty_page());
  EXPECT_EQ(list(other, "/api/alerts/created"), empty_page());
}

// Lists are cached per user, and a cached page is answered by the route's inline attempt: every
// change must drop its owner's pages before the change is answered.
TEST_F(original_list_routes, shows_changes_at_once_despite_the_cache) {
  const auto user = api.register_and_login("fresh@example.com");
  EXPECT_EQ(list(user, "/api/alerts/"), empty_page());
  EXPECT_EQ(list(user, "/api/alerts/created"), empty_page());
  const std::int64_t id = api.create_alert(user.token, R"({"price": 51000})");
  EXPECT_TRUE(lists(user, "/api/alerts/", id));
  EXPECT_TRUE(lists(user, "/api/alerts/created", id));
  EXPECT_FALSE(lists(user, "/api/alerts/deleted", id));
  ASSERT_EQ(api.post("/api/alerts/delete/" + std::to_string(id) + "/", "", bearer(user.token)).status, 200u);
  const value after = list(user, "/api/alerts/");
  EXPECT_EQ(member(member(after, "results").as_array().at(0), "status"), value("deleted")) << after;
  EXPECT_FALSE(lists(user, "/api/alerts/created", id));
  EXPECT_TRUE(lists(user, "/api/alerts/deleted", id));
}

TEST_F(original_list_routes, answers_405_with_allow_to_a_wrong_method) {
  const auto user = api.register_and_login("method@example.com");
  struct wrong_method {
    const char* method;
    const char* path;
    const char* allowed;
  };
  const std::vector<wrong_method> cases{
      {"GET", "/api/alerts/create", "POST"},   {"GET", "/api/alerts/create/", "POST"},
      {"DELETE", "/api/alerts/", "GET"},       {"POST", "/api/alerts/", "GET"},
      {"POST", "/api/alerts/created", "GET"},  {"GET", "/api/register/", "POST"},
      {"PUT", "/api/login/", "POST"},          {"GET", "/api/delete/1", "POST"},
      {"GET", "/api/alerts/delete/1/", "POST"},
  };
  for (const auto& [method, path, allowed] : cases) {
    const auto response = api.call(method, path, "", bearer(user.token));
    EXPECT_EQ(response.status, 405u) << method << " " << path << " -> " << response.body;
    EXPECT_NE(header_of(response, "Allow").value_or("").find(allowed), std::string::npos)
        << method << " " << path << ": Allow: " << header_of(response, "Allow").value_or("(none)");
    // Register and log in were plain Django views; the rest, the REST framework's.
    const bool view = std::string_view(path).starts_with("/api/register") || std::string_view(path).starts_with("/api/login");
    const std::string expected = view ? R"({"error":"Invalid method"})"
                                      : R"({"detail":"Method \")" + std::string(method) + R"(\" not allowed."})";
    EXPECT_EQ(json_of(response), boost::json::parse(expected)) << method << " " << path;
  }
}

}  // namespace
}  // namespace pricewatch
