// Outbound safety of channel deliveries (DESIGN.md section 10), through POST
// /api/v1/channels/{id}/test: by default a destination at a loopback, private, link-local,
// multicast or unspecified address is refused, judged on the address a connection would be
// made to (a name that resolves to loopback is refused as loopback is), before any socket is
// opened; with delivery.allow_private_networks a redirect is still not followed, a slow answer
// times out after 10 s and a huge one is read no further than 64 KiB.
#include "channel_fixture.hpp"

#include <boost/json/serialize.hpp>

namespace pricewatch::e2e {
namespace {

using boost::json::array;
using boost::json::value;

value test_send(channels_test& test, http_client http, const test_user& owner, std::int64_t channel) {
  const http_response tested =
      http.post("/api/v1/channels/" + std::to_string(channel) + "/test", "", bearer(owner.token));
  EXPECT_EQ(tested.status, 200u) << tested.body;
  (void)test;
  return tested.status == 200 ? tested.json() : value(nullptr);
}

class private_networks_refused : public channels_test {
 protected:
  private_networks_refused() { allow_private_networks = false; }
};

TEST_F(private_networks_refused, every_non_public_destination_is_refused_for_good) {
  const test_user owner = register_user("refusals");
  const std::string receiver_port = hook_url("x").substr(std::string("http://127.0.0.1:").size());
  const std::vector<std::pair<std::string, std::string>> cases{
      {hook_url("loopback"), "loopback"},
      {"http://localhost:" + receiver_port, "loopback"},  // a name: judged by what it resolves to
      {"http://[::1]:9/", "loopback"},
      {"http://10.0.0.1/", "private"},
      {"http://192.168.1.1/", "private"},
      {"http://169.254.169.254/latest/meta-data", "link-local"},
      {"http://224.0.0.1/", "multicast"},
      {"http://0.0.0.0:9/", "unspecified"},
  };
  for (const auto& [url, kind] : cases) {
    SCOPED_TRACE(url);
    const auto channel = add_channel(owner, value{{"type", "webhook"}, {"config", {{"url", url}}}});
    const auto outcome = test_send(*this, api(), owner, id_of(channel));
    EXPECT_EQ(member(outcome, "outcome"), value("failed"));
    EXPECT_EQ(member(outcome, "permanent"), value(true));
    const auto error = string_of(member(outcome, "error"));
    EXPECT_NE(error.find("destination refused"), std::string::npos) << error;
    EXPECT_NE(error.find(kind), std::string::npos) << error;
  }
  EXPECT_TRUE(hook_received("loopback").empty()) << "nothing reached the receiver";
}

TEST_F(private_networks_refused, a_delivery_to_a_refused_destination_fails_at_once) {
  const test_user owner = register_user("refused-delivery");
  const auto hook = add_webhook(owner, "never");
  const auto alert = create_alert_with(owner, "51000", array{id_of(hook)});
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_deliveries(owner, alert, "failed", 1)) << boost::json::serialize(deliveries(owner, alert));
  const auto delivery = deliveries(owner, alert).front();
  EXPECT_EQ(member(delivery, "attempts"), value(1));
  EXPECT_NE(string_of(member(delivery, "last_error")).find("loopback"), std::string::npos);
  EXPECT_TRUE(hook_received("never").empty());
}

using outbound_limits = channels_test;

TEST_F(outbound_limits, a_redirect_is_not_followed) {
  const test_user owner = register_user("redirect");
  const auto hook = add_webhook(owner, "moved");
  script_hook("moved", array{value{{"status", 302}, {"headers", {{"Location", hook_url("elsewhere")}}}}});
  const auto outcome = test_send(*this, api(), owner, id_of(hook));
  EXPECT_EQ(member(outcome, "outcome"), value("failed"));
  EXPECT_EQ(member(outcome, "permanent"), value(true));
  EXPECT_NE(string_of(member(outcome, "error")).find("not followed"), std::string::npos);
  EXPECT_TRUE(hook_received("elsewhere").empty());
}

TEST_F(outbound_limits, a_huge_answer_is_read_no_further_than_64_kib) {
  const test_user owner = register_user("huge");
  const auto hook = add_webhook(owner, "huge");
  script_hook("huge", array{value{{"status", 200}, {"body_bytes", 50 * 1024 * 1024}}});
  const auto outcome = test_send(*this, api(), owner, id_of(hook));
  EXPECT_EQ(member(outcome, "outcome"), value("sent")) << boost::json::serialize(outcome);
}

TEST_F(outbound_limits, a_destination_that_does_not_answer_times_out_after_10_seconds) {
  const test_user owner = register_user("slow");
  const auto hook = add_webhook(owner, "slow");
  script_hook("slow", array{value{{"status", 200}, {"delay_ms", 15000}}});
  const auto started = std::chrono::steady_clock::now();
  const auto outcome = test_send(*this, api(), owner, id_of(hook));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(member(outcome, "outcome"), value("failed"));
  EXPECT_EQ(member(outcome, "permanent"), value(false)) << "a timeout is retried";
  EXPECT_GE(took, std::chrono::seconds(9));
  EXPECT_LT(took, std::chrono::seconds(14));
}

}  // namespace
}  // namespace pricewatch::e2e
