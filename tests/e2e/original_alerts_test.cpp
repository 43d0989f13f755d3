// End-to-end smoke test of the original create and delete routes (ORIGINAL_API.md) through the
// real binary. What they answer (bodies, every path variant, price validation, ownership) is
// tested in-process in tests/unit/api/original_alert_routes_test.cpp.
#include "e2e_fixture.hpp"

namespace pricewatch::e2e {
namespace {

using boost::json::value;

class original_create_test : public service_test {};

TEST_F(original_create_test, creates_lists_and_deletes_an_alert_through_the_server) {
  http_client http = client();
  const test_user user = register_and_login(http, "smoke");
  const http_response created = http.post("/api/alerts/create", R"({"price": 51000})", bearer(user.token));
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(member(created.json(), "message"), value("Alert created and monitoring started."));
  const std::int64_t id = integer_of(member(created.json(), "id"));

  const http_response deleted = http.post("/api/delete/" + std::to_string(id), "", bearer(user.token));
  EXPECT_EQ(deleted.status, 200u) << deleted.body;
  EXPECT_EQ(deleted.json(), value({{"message", "Alert status updated to deleted."}}));
  const value listed = http.get("/api/alerts/deleted/", bearer(user.token)).json();
  EXPECT_EQ(member(listed, "count"), value(1)) << listed;
  EXPECT_EQ(member(member(listed, "results").as_array().at(0), "id"), value(id)) << listed;
}

}  // namespace
}  // namespace pricewatch::e2e
