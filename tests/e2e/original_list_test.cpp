// End-to-end tests of the original list routes (ORIGINAL_API.md): pagination and its links,
// status filters, isolation between users, cache freshness, and 405 on every original route.
#include "e2e_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <vector>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

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

bool lists(http_client& http, const test_user& user, const std::string& path, std::int64_t id) {
  const http_response response = http.get(path, bearer(user.token));
  EXPECT_EQ(response.status, 200u) << path << " -> " << response.body;
  for (const std::int64_t listed : ids_of(response.json())) {
    if (listed == id) return true;
  }
  return false;
}

class original_list_test : public service_test {};

TEST_F(original_list_test, answers_an_empty_page_for_a_new_user_on_both_paths) {
  http_client http = client();
  const test_user user = register_and_login(http, "empty");
  for (const char* path : {"/api/alerts/", "/api/alerts"}) {
    const http_response response = http.get(path, bearer(user.token));
    EXPECT_EQ(response.status, 200u) << path << " -> " << response.body;
    EXPECT_EQ(response.json(), empty_page()) << path;
  }
}

TEST_F(original_list_test, pages_ten_newest_first_with_absolute_links) {
  http_client http = client();
  const test_user user = register_and_login(http, "pages");
  std::vector<std::int64_t> created;
  for (int index = 0; index < 23; ++index) {
    created.push_back(create_alert(http, user.token, R"({"price": ")" + std::to_string(100 + index) + R"("})"));
  }
  const std::string list = base_url() + "/api/alerts/";
  const value page_one = http.get("/api/alerts/", bearer(user.token)).json();
  expect_keys(page_one, {"count", "next", "previous", "page_size", "results"});
  EXPECT_EQ(member(page_one, "count"), value(23));
  EXPECT_EQ(member(page_one, "page_size"), value(10));
  EXPECT_EQ(member(page_one, "next"), value(list + "?page=2"));
  EXPECT_EQ(member(page_one, "previous"), value(nullptr));
  EXPECT_EQ(ids_of(page_one), std::vector<std::int64_t>(created.rbegin(), created.rbegin() + 10));
  const value first = member(page_one, "results").as_array().at(0);
  expect_keys(first, {"id", "email", "price", "status"});
  EXPECT_EQ(first, value({{"id", created.back()}, {"email", user.email}, {"price", "122.00"}, {"status", "created"}}));
  EXPECT_EQ(http.get("/api/alerts/?page=1", bearer(user.token)).json(), page_one);

  const value page_two = http.get("/api/alerts/?page=2", bearer(user.token)).json();
  EXPECT_EQ(member(page_two, "next"), value(list + "?page=3"));
  EXPECT_EQ(member(page_two, "previous"), value(list));
  EXPECT_EQ(ids_of(page_two), std::vector<std::int64_t>(created.rbegin() + 10, created.rbegin() + 20));

  const value page_three = http.get("/api/alerts/?page=3", bearer(user.token)).json();
  EXPECT_EQ(member(page_three, "count"), value(23));
  EXPECT_EQ(member(page_three, "next"), value(nullptr));
  EXPECT_EQ(member(page_three, "previous"), value(list + "?page=2"));
  EXPECT_EQ(ids_of(page_three), std::vector<std::int64_t>(created.rbegin() + 20, created.rend()));

  for (const char* page : {"0", "4", "abc", "-1", ""}) {
    const http_response invalid = http.get(std::string("/api/alerts/?page=") + page, bearer(user.token));
    EXPECT_EQ(invalid.status, 404u) << "page=" << page << " -> " << invalid.body;
    EXPECT_EQ(invalid.json(), value({{"detail", "Invalid page."}})) << "page=" << page;
  }
}

TEST_F(original_list_test, filters_by_status_on_both_paths) {
  http_client http = client();
  const test_user user = register_and_login(http, "status");
  const std::int64_t kept = create_alert(http, user.token, R"({"price": 1})");
  const std::int64_t dropped = create_alert(http, user.token, R"({"price": 2})");
  ASSERT_EQ(http.post("/api/delete/" + std::to_string(dropped), "", bearer(user.token)).status, 200u);
  for (const char* suffix : {"", "/"}) {
    const value created = http.get(std::string("/api/alerts/created") + suffix, bearer(user.token)).json();
    EXPECT_EQ(member(created, "count"), value(1)) << created;
    EXPECT_EQ(ids_of(created), std::vector<std::int64_t>{kept});
    const value deleted = http.get(std::string("/api/alerts/deleted") + suffix, bearer(user.token)).json();
    EXPECT_EQ(ids_of(deleted), std::vector<std::int64_t>{dropped});
    EXPECT_EQ(member(member(deleted, "results").as_array().at(0), "status"), value("deleted"));
    const http_response triggered = http.get(std::string("/api/alerts/triggered") + suffix, bearer(user.token));
    EXPECT_EQ(triggered.status, 200u) << triggered.body;
    EXPECT_EQ(triggered.json(), empty_page());
  }
  for (const char* path : {"/api/alerts/bogus", "/api/alerts/bogus/", "/api/alerts/CREATED"}) {
    const http_response unknown = http.get(path, bearer(user.token));
    EXPECT_EQ(unknown.status, 400u) << path << " -> " << unknown.body;
    EXPECT_TRUE(member(unknown.json(), "error").is_string()) << path << " -> " << unknown.body;
  }
}

TEST_F(original_list_test, shows_each_user_only_their_own_alerts) {
  http_client http = client();
  const test_user owner = register_and_login(http, "mine");
  const test_user other = register_and_login(http, "theirs");
  create_alert(http, owner.token, R"({"price": 51000})");
  create_alert(http, owner.token, R"({"price": 52000, "symbol": "ETHUSDT", "condition": "below"})");
  EXPECT_EQ(member(http.get("/api/alerts/", bearer(owner.token)).json(), "count"), value(2));
  EXPECT_EQ(http.get("/api/alerts/", bearer(other.token)).json(), empty_page());
  EXPECT_EQ(http.get("/api/alerts/created", bearer(other.token)).json(), empty_page());
}

TEST_F(original_list_test, shows_changes_at_once_despite_the_cache) {
  http_client http = client();
  const test_user user = register_and_login(http, "fresh");
  EXPECT_EQ(http.get("/api/alerts/", bearer(user.token)).json(), empty_page());
  EXPECT_EQ(http.get("/api/alerts/created", bearer(user.token)).json(), empty_page());
  const std::int64_t id = create_alert(http, user.token, R"({"price": 51000})");
  EXPECT_TRUE(lists(http, user, "/api/alerts/", id));
  EXPECT_TRUE(lists(http, user, "/api/alerts/created", id));
  EXPECT_FALSE(lists(http, user, "/api/alerts/deleted", id));
  ASSERT_EQ(http.post("/api/alerts/delete/" + std::to_string(id) + "/", "", bearer(user.token)).status, 200u);
  const value after = http.get("/api/alerts/", bearer(user.token)).json();
  EXPECT_EQ(member(member(after, "results").as_array().at(0), "status"), value("deleted")) << after;
  EXPECT_FALSE(lists(http, user, "/api/alerts/created", id));
  EXPECT_TRUE(lists(http, user, "/api/alerts/deleted", id));
}

TEST_F(original_list_test, answers_405_with_allow_to_a_wrong_method) {
  http_client http = client();
  const test_user user = register_and_login(http, "method");
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
    const http_response response = http.request(method, path, "", bearer(user.token));
    EXPECT_EQ(response.status, 405u) << method << " " << path << " -> " << response.body;
    EXPECT_NE(response.header("Allow").value_or("").find(allowed), std::string::npos)
        << method << " " << path << ": Allow: " << response.header("Allow").value_or("(none)");
  }
}

}  // namespace
}  // namespace pricewatch::e2e
