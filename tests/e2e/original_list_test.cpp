// End-to-end smoke test of the original list routes (ORIGINAL_API.md) through the real binary:
// links built from the Host the client really sent, and the router's 405 as the server writes
// it. What the lists answer (pages, filters, isolation, cache freshness, 405 on every route) is
// tested in-process in tests/unit/api/original_list_routes_test.cpp.
#include "e2e_fixture.hpp"

#include <string>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

class original_list_test : public service_test {};

TEST_F(original_list_test, pages_with_links_to_the_server_itself) {
  http_client http = client();
  const test_user user = register_and_login(http, "pages");
  for (int index = 0; index < 11; ++index) {
    create_alert(http, user.token, R"({"price": ")" + std::to_string(100 + index) + R"("})");
  }
  const http_response first = http.get("/api/alerts/", bearer(user.token));
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(member(first.json(), "count"), value(11));
  EXPECT_EQ(member(first.json(), "next"), value(base_url() + "/api/alerts/?page=2"));
  const http_response second = http.get("/api/alerts/?page=2", bearer(user.token));
  EXPECT_EQ(member(second.json(), "previous"), value(base_url() + "/api/alerts/"));

  const http_response wrong_method = http.request("DELETE", "/api/alerts/", "", bearer(user.token));
  EXPECT_EQ(wrong_method.status, 405u) << wrong_method.body;
  EXPECT_EQ(wrong_method.header("Allow").value_or(""), "GET");
}

}  // namespace
}  // namespace pricewatch::e2e
