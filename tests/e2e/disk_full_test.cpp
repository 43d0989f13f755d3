// End-to-end test of a full disk (issue: acknowledged writes lost on a full disk). The service's
// SQLite database lives on a real 2 MiB tmpfs mounted by the test (make test runs as root, or
// through sudo); creating alerts until the disk is full must never acknowledge a write that was
// not stored: every 201 id is readable with what was sent, before and after a restart, and every
// failure is a 507 with a message. /readyz says the database cannot write, and writes resume once
// space is freed, with ids never handed out twice.
#include "e2e_fixture.hpp"
#include "small_disk.hpp"

#include <boost/json/serialize.hpp>

#include <map>
#include <set>
#include <string>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

std::string price_of(int index) { return std::to_string(50'000 + index) + ".5"; }

std::string alert_body(int index) {
  return R"({"symbol": "BTCUSDT", "condition": "above", "price": ")" + price_of(index) + R"("})";
}

TEST(disk_full, never_acknowledges_a_write_it_did_not_store_and_recovers_when_space_returns) {
  small_disk disk("2m");
  ASSERT_TRUE(disk.mounted()) << "mounting a tmpfs needs root or password-less sudo";
  auto service = start_service(disk.path(), jwt_secret::from_environment);
  http_client http(service->port());
  const test_user user = register_and_login(http, "diskfull");
  ASSERT_FALSE(user.token.empty());
  // Leave the database about 1 MiB to grow into, so that it fills in a few thousand creates.
  fill(disk.path() / "filler", 1024 * 1024);

  std::map<std::int64_t, std::string> stored;  // id -> the price sent with it
  int refused = 0;
  int consecutive_refusals = 0;
  for (int index = 0; index < 40'000 && consecutive_refusals < 50; ++index) {
    const http_response response = http.post("/api/v1/alerts", alert_body(index), bearer(user.token));
    if (response.status == 201) {
      const auto id = integer_of(member(response.json(), "id"));
      EXPECT_TRUE(stored.emplace(id, price_of(index)).second) << "id " << id << " acknowledged twice";
      consecutive_refusals = 0;
      continue;
    }
    ASSERT_EQ(response.status, 507u) << "create " << index << " -> " << response.body;
    expect_v1_error(response, 507, "insufficient_storage");
    ++refused;
    ++consecutive_refusals;
  }
  ASSERT_EQ(consecutive_refusals, 50) << "the disk never filled: " << stored.size() << " alerts stored";
  EXPECT_GT(stored.size(), 100u);

  // While full: readiness says why (its probe writes more than a create), a create through the
  // original route is refused as clearly, and an account (a smaller write, which the space SQLite
  // gives back may still hold) is either stored or refused with 507, never acknowledged unstored.
  const http_response ready = http.get("/readyz");
  EXPECT_EQ(ready.status, 503u) << ready.body;
  EXPECT_EQ(member(member(ready.json(), "checks"), "database"), value("disk_full")) << ready.body;
  const http_response original = http.post("/api/alerts/create", R"({"price": 1})", bearer(user.token));
  EXPECT_EQ(original.status, 507u) << original.body;
  EXPECT_NE(original.json().as_object().find("error"), nullptr) << original.body;
  const std::string late = unique_email("late");
  const http_response registered =
      http.post("/api/v1/users", R"({"email": ")" + late + R"(", "password": "correct horse battery"})");
  EXPECT_TRUE(registered.status == 201u || registered.status == 507u) << registered.body;
  const bool late_stored = registered.status == 201u;

  // Every acknowledged alert is there, with what was sent for it.
  const auto expect_all_stored = [&](http_client& reader, const std::string& token) {
    for (const auto& [id, price] : stored) {
      const http_response found = reader.get("/api/v1/alerts/" + std::to_string(id), bearer(token));
      ASSERT_EQ(found.status, 200u) << "acknowledged id " << id << " is missing: " << found.body;
      EXPECT_EQ(member(found.json(), "price"), value(price)) << "id " << id;
    }
  };
  expect_all_stored(http, user.token);

  // A restart on the full disk starts and serves what is stored, and its readiness tells the truth
  // at once: a database it calls full refuses a create, one it calls ok (closing the old process
  // may have folded its log in and given space back) stores it.
  ASSERT_EQ(service->stop(SIGTERM), 0) << service->output();
  service = start_service(disk.path(), jwt_secret::from_environment);
  http = http_client(service->port());
  expect_all_stored(http, user.token);
  const value restarted = member(member(http.get("/readyz").json(), "checks"), "database");
  const http_response probe = http.post("/api/v1/alerts", alert_body(300'000), bearer(user.token));
  if (restarted == value("disk_full")) {
    EXPECT_EQ(probe.status, 507u) << "called full, yet took a create: " << probe.body;
  } else {
    EXPECT_EQ(restarted, value("ok"));
    ASSERT_EQ(probe.status, 201u) << "called ready, yet refused a create: " << probe.body;
    stored.emplace(integer_of(member(probe.json(), "id")), price_of(300'000));
  }

  // Space returns: ready again, and new alerts get new ids.
  std::filesystem::remove(disk.path() / "filler");
  const http_response recovered = http.get("/readyz");
  EXPECT_EQ(member(member(recovered.json(), "checks"), "database"), value("ok")) << recovered.body;
  for (int index = 0; index < 20; ++index) {
    const http_response response = http.post("/api/v1/alerts", alert_body(100'000 + index), bearer(user.token));
    ASSERT_EQ(response.status, 201u) << response.body;
    const auto id = integer_of(member(response.json(), "id"));
    EXPECT_TRUE(stored.emplace(id, price_of(100'000 + index)).second) << "id " << id << " handed out twice";
  }
  const std::string newcomer = unique_email("after");
  EXPECT_EQ(http.post("/api/v1/users", R"({"email": ")" + newcomer + R"(", "password": "correct horse battery"})").status,
            201u);

  // And all of it survives a restart.
  ASSERT_EQ(service->stop(SIGTERM), 0) << service->output();
  service = start_service(disk.path(), jwt_secret::from_environment);
  http_client after(service->port());
  expect_all_stored(after, user.token);
  EXPECT_EQ(after.post("/api/v1/tokens", R"({"email": ")" + newcomer + R"(", "password": "correct horse battery"})").status,
            200u);
  if (late_stored) {
    EXPECT_EQ(after.post("/api/v1/tokens", R"({"email": ")" + late + R"(", "password": "correct horse battery"})").status,
              200u)
        << "an account acknowledged on the full disk is gone";
  }
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace pricewatch::e2e
