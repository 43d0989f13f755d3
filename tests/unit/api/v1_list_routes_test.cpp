// What GET /api/v1/alerts answers: filters by status and symbol, page and page_size, links that
// keep the other query parameters, their limits, isolation and cache freshness.
#include "api_harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch {
namespace {

using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::expect_keys;
using test_support::expect_v1_alert_keys;
using test_support::expect_v1_error;
using test_support::integer_of;
using test_support::json_of;
using test_support::member;

std::vector<std::int64_t> ids_of(const value& page) {
  std::vector<std::int64_t> ids;
  const value results = member(page, "results");
  if (!results.is_array()) return ids;
  for (const auto& entry : results.as_array()) ids.push_back(integer_of(member(entry, "id")));
  return ids;
}

bool all_have(const value& page, std::string_view key, std::string_view expected) {
  const value results = member(page, "results");
  if (!results.is_array()) return false;
  for (const auto& entry : results.as_array()) {
    if (member(entry, key) != value(expected)) return false;
  }
  return true;
}

class v1_list_routes : public ::testing::Test {
 protected:
  // Alerts created for one user: 7 on BTCUSDT (the first of them deleted), then 5 on ETHUSDT.
  void create_alerts() {
    user_ = api.register_and_login("v1list@example.com");
    for (int index = 0; index < 12; ++index) {
      const std::string symbol = index < 7 ? "BTCUSDT" : "ETHUSDT";
      const std::string body = R"({"symbol":")" + symbol + R"(","price":")" + std::to_string(100 + index) + R"("})";
      const auto created = api.post("/api/v1/alerts", body, bearer(user_.token));
      ASSERT_EQ(created.status, 201u) << created.body;
      ids_.push_back(integer_of(member(json_of(created), "id")));
    }
    ASSERT_EQ(api.remove("/api/v1/alerts/" + std::to_string(ids_.front()), bearer(user_.token)).status, 204u);
  }

  value list(const std::string& target) {
    const auto response = api.get(target, bearer(user_.token));
    EXPECT_EQ(response.status, 200u) << target << " -> " << response.body;
    return json_of(response);
  }

  // Follows an absolute link the list gave, from the same base URL.
  value follow(const value& link) {
    const std::string url = link.is_string() ? std::string(link.as_string()) : std::string();
    const std::string base = api_harness::base_url();
    const std::string collection = base + "/api/v1/alerts";
    EXPECT_TRUE(url == collection || url.starts_with(collection + "?")) << link;
    return url.starts_with(base) ? list(url.substr(base.size())) : value(nullptr);
  }

  api_harness api;
  api_harness::user user_;
  std::vector<std::int64_t> ids_;
};

TEST_F(v1_list_routes, lists_newest_first_with_the_default_page_size) {
  ASSERT_NO_FATAL_FAILURE(create_alerts());
  const value page = list("/api/v1/alerts");
  expect_keys(page, {"count", "next", "previous", "page_size", "results"});
  EXPECT_EQ(member(page, "count"), value(12));
  EXPECT_EQ(member(page, "page_size"), value(10));
  EXPECT_EQ(member(page, "previous"), value(nullptr));
  EXPECT_EQ(ids_of(page), std::vector<std::int64_t>(ids_.rbegin(), ids_.rbegin() + 10));
  expect_v1_alert_keys(member(page, "results").as_array().at(0));
  const value second = follow(member(page, "next"));
  EXPECT_EQ(ids_of(second), std::vector<std::int64_t>(ids_.rbegin() + 10, ids_.rend()));
  EXPECT_EQ(member(second, "next"), value(nullptr));
  EXPECT_EQ(ids_of(follow(member(second, "previous"))), ids_of(page));
}

TEST_F(v1_list_routes, filters_by_symbol_and_status) {
  ASSERT_NO_FATAL_FAILURE(create_alerts());
  const value ethereum = list("/api/v1/alerts?symbol=ETHUSDT");
  EXPECT_EQ(member(ethereum, "count"), value(5));
  EXPECT_TRUE(all_have(ethereum, "symbol", "ETHUSDT")) << ethereum;
  const value deleted = list("/api/v1/alerts?status=deleted");
  EXPECT_EQ(ids_of(deleted), std::vector<std::int64_t>{ids_.front()});
  const value active_bitcoin = list("/api/v1/alerts?status=created&symbol=BTCUSDT");
  EXPECT_EQ(member(active_bitcoin, "count"), value(6));
  EXPECT_TRUE(all_have(active_bitcoin, "status", "created")) << active_bitcoin;
  EXPECT_TRUE(all_have(active_bitcoin, "symbol", "BTCUSDT")) << active_bitcoin;
  EXPECT_EQ(member(list("/api/v1/alerts?status=triggered"), "count"), value(0));
}

TEST_F(v1_list_routes, keeps_the_other_query_parameters_in_its_links) {
  ASSERT_NO_FATAL_FAILURE(create_alerts());
  const value first = list("/api/v1/alerts?symbol=BTCUSDT&page_size=3");
  EXPECT_EQ(member(first, "count"), value(7));
  EXPECT_EQ(member(first, "page_size"), value(3));
  EXPECT_EQ(ids_of(first), (std::vector<std::int64_t>{ids_[6], ids_[5], ids_[4]}));
  const std::string next = member(first, "next").is_string() ? std::string(member(first, "next").as_string()) : "";
  for (const char* part : {"symbol=BTCUSDT", "page_size=3", "page=2"}) {
    EXPECT_NE(next.find(part), std::string::npos) << part << " missing from next: " << member(first, "next");
  }
  const value second = follow(member(first, "next"));
  EXPECT_EQ(ids_of(second), (std::vector<std::int64_t>{ids_[3], ids_[2], ids_[1]}));
  const value third = follow(member(second, "next"));
  EXPECT_EQ(ids_of(third), std::vector<std::int64_t>{ids_[0]});
  EXPECT_EQ(member(third, "next"), value(nullptr));
  EXPECT_EQ(ids_of(follow(member(third, "previous"))), ids_of(second));
  EXPECT_EQ(ids_of(follow(member(second, "previous"))), ids_of(first));
}

TEST_F(v1_list_routes, refuses_bad_parameters) {
  ASSERT_NO_FATAL_FAILURE(create_alerts());
  EXPECT_EQ(member(list("/api/v1/alerts?page_size=100"), "count"), value(12));
  for (const char* query : {"page_size=101", "page_size=0", "page_size=abc", "status=bogus"}) {
    SCOPED_TRACE(query);
    expect_v1_error(api.get(std::string("/api/v1/alerts?") + query, bearer(user_.token)), 400, "validation_failed");
  }
  for (const char* query : {"page=99", "page=0"}) {
    const auto response = api.get(std::string("/api/v1/alerts?") + query, bearer(user_.token));
    EXPECT_EQ(response.status, 404u) << query << " -> " << response.body;
    EXPECT_TRUE(member(member(json_of(response), "error"), "code").is_string()) << response.body;
  }
}

// Lists are cached per user, and a cached page is answered by the route's inline attempt: every
// change must drop its owner's pages before the change is answered.
TEST_F(v1_list_routes, shows_only_the_callers_alerts_and_changes_at_once) {
  ASSERT_NO_FATAL_FAILURE(create_alerts());
  const auto other = api.register_and_login("v1stranger@example.com");
  const auto theirs = api.get("/api/v1/alerts", bearer(other.token));
  EXPECT_EQ(member(json_of(theirs), "count"), value(0)) << theirs.body;

  EXPECT_EQ(member(list("/api/v1/alerts?symbol=ETHUSDT"), "count"), value(5));
  const auto created = api.post("/api/v1/alerts", R"({"symbol":"ETHUSDT","price":"2"})", bearer(user_.token));
  const std::int64_t id = integer_of(member(json_of(created), "id"));
  const value after_create = list("/api/v1/alerts?symbol=ETHUSDT");
  EXPECT_EQ(member(after_create, "count"), value(6));
  EXPECT_EQ(ids_of(after_create).at(0), id);
  ASSERT_EQ(api.remove("/api/v1/alerts/" + std::to_string(id), bearer(user_.token)).status, 204u);
  EXPECT_EQ(member(member(list("/api/v1/alerts?symbol=ETHUSDT"), "results").as_array().at(0), "status"),
            value("deleted"));
}

}  // namespace
}  // namespace pricewatch
