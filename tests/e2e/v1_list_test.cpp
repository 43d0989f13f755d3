// End-to-end smoke test of GET /api/v1/alerts through the real binary: pages whose links, built
// from the Host the client sent, lead back to the server. Filters, page sizes, links that keep
// the query, limits, isolation and cache freshness are tested in-process in
// tests/unit/api/v1_list_routes_test.cpp.
#include "e2e_fixture.hpp"

#include <optional>
#include <vector>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

std::vector<std::int64_t> ids_of(const value& page) {
  std::vector<std::int64_t> ids;
  const value results = member(page, "results");
  if (!results.is_array()) return ids;
  for (const auto& entry : results.as_array()) ids.push_back(integer_of(member(entry, "id")));
  return ids;
}

class v1_list_test : public service_test {
 protected:
  // Alerts created for one user: 7 on BTCUSDT (the first of them deleted), then 5 on ETHUSDT.
  void create_alerts() {
    user_ = register_and_login(*http_, "v1list");
    for (int index = 0; index < 12; ++index) {
      const std::string symbol = index < 7 ? "BTCUSDT" : "ETHUSDT";
      const std::string body = R"({"symbol":")" + symbol + R"(","price":")" + std::to_string(100 + index) + R"("})";
      const http_response created = http_->post("/api/v1/alerts", body, bearer(user_.token));
      ASSERT_EQ(created.status, 201u) << created.body;
      ids_.push_back(integer_of(member(created.json(), "id")));
    }
    ASSERT_EQ(http_->remove("/api/v1/alerts/" + std::to_string(ids_.front()), bearer(user_.token)).status, 204u);
  }

  value list(const std::string& target) {
    const http_response response = http_->get(target, bearer(user_.token));
    EXPECT_EQ(response.status, 200u) << target << " -> " << response.body;
    return response.json();
  }

  // Follows an absolute link the server gave, from the same base URL.
  value follow(const value& link) {
    const std::string url = link.is_string() ? std::string(link.as_string()) : std::string();
    const std::string collection = base_url() + "/api/v1/alerts";
    EXPECT_TRUE(url == collection || url.starts_with(collection + "?")) << link;
    return url.starts_with(base_url()) ? list(url.substr(base_url().size())) : value(nullptr);
  }

  void SetUp() override {
    service_test::SetUp();
    if (!HasFatalFailure()) http_.emplace(port());
  }

  std::optional<http_client> http_;
  test_user user_;
  std::vector<std::int64_t> ids_;
};

// What the pages hold is checked in-process (v1_list_routes.lists_newest_first_with_the_default_
// page_size); here only that the links the real server writes lead back to it, page to page.
TEST_F(v1_list_test, its_page_links_lead_back_to_the_server) {
  ASSERT_NO_FATAL_FAILURE(create_alerts());
  const value page = list("/api/v1/alerts");
  EXPECT_EQ(member(page, "count"), value(12));
  const value second = follow(member(page, "next"));
  EXPECT_EQ(ids_of(second), std::vector<std::int64_t>(ids_.rbegin() + 10, ids_.rend()));
  EXPECT_EQ(ids_of(follow(member(second, "previous"))), ids_of(page));
}

}  // namespace
}  // namespace pricewatch::e2e
