// End-to-end tests of the /api/v1 users, tokens and single-alert routes (DESIGN.md 3.2, 3.3)
// through the real binary: a smoke test of each route over HTTP, and the hashing pool that keeps
// logins from holding up database work. What the routes answer (codes, the v1 error shape,
// validation, isolation) is tested in-process in tests/unit/api/v1_account_routes_test.cpp and
// v1_alert_routes_test.cpp.
#include "e2e_fixture.hpp"
#include "raw_connection.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <memory>
#include <vector>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

std::string credentials(std::string_view email, std::string_view password) {
  return boost::json::serialize(value{{"email", email}, {"password", password}});
}

class v1_api_test : public service_test {};

TEST_F(v1_api_test, registers_logs_in_and_manages_an_alert_through_the_server) {
  http_client http = client();
  const std::string email = unique_email("v1smoke");
  const http_response registered = http.post("/api/v1/users", credentials(email, test_password));
  ASSERT_EQ(registered.status, 201u) << registered.body;
  EXPECT_EQ(member(registered.json(), "email"), value(email));
  const http_response issued = http.post("/api/v1/tokens", credentials(email, test_password));
  ASSERT_EQ(issued.status, 200u) << issued.body;
  const std::string token = string_of(member(issued.json(), "access_token"));

  const http_response created = http.post("/api/v1/alerts", R"({"price": "51000"})", bearer(token));
  ASSERT_EQ(created.status, 201u) << created.body;
  const std::string path = "/api/v1/alerts/" + std::to_string(integer_of(member(created.json(), "id")));
  EXPECT_EQ(created.header("Location").value_or(""), path);
  const http_response fetched = http.get(path, bearer(token));
  EXPECT_EQ(fetched.status, 200u) << fetched.body;
  EXPECT_EQ(fetched.json(), created.json());
  const http_response deleted = http.remove(path, bearer(token));
  EXPECT_EQ(deleted.status, 204u) << deleted.body;
  EXPECT_TRUE(deleted.body.empty()) << deleted.body;
  expect_v1_error(http.get("/api/v1/alerts/999999999", bearer(token)), 404, "not_found");
}

class v1_tokens_test : public service_test {};

// Argon2id runs on threads of its own: while a burst of logins hashes, a request that needs the
// database is answered, instead of queueing behind the logins on the database's threads.
TEST_F(v1_tokens_test, a_burst_of_logins_does_not_hold_up_database_work) {
  http_client http = client();
  const std::string email = unique_email("burst");
  ASSERT_EQ(http.post("/api/v1/users", credentials(email, test_password)).status, 201u);
  const http_response issued = http.post("/api/v1/tokens", credentials(email, test_password));
  const std::string token = string_of(member(issued.json(), "access_token"));
  const std::string body = credentials(email, test_password);
  std::vector<std::unique_ptr<raw_connection>> logins;
  for (int index = 0; index < 16; ++index) {
    logins.push_back(std::make_unique<raw_connection>(port()));
    logins.back()->send("POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  raw_connection lookup(port());
  lookup.send("GET /api/v1/alerts/999999 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n");
  EXPECT_EQ(lookup.read_response().status, 404u);
  // Answered while the logins were hashing (two at a time on two cores), not after most of them.
  std::vector<bool> answered;
  for (auto& login : logins) answered.push_back(login->read_response(std::chrono::milliseconds(0)).status == 200);
  EXPECT_LE(std::count(answered.begin(), answered.end(), true), 8) << "the lookup waited behind the logins";
  for (std::size_t index = 0; index < logins.size(); ++index) {
    if (!answered[index]) {
      EXPECT_EQ(logins[index]->read_response().status, 200u);
    }
  }
}

}  // namespace
}  // namespace pricewatch::e2e
