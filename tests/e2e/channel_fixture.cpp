#include "channel_fixture.hpp"

#include <boost/json/serialize.hpp>

#include <iostream>

namespace pricewatch::e2e {

using boost::json::value;

void channels_test::start_services() {
  service_options services;
  services.binary = PRICEWATCH_PYTHON;
  services.arguments = {(std::filesystem::path(PRICEWATCH_FIXTURES) / "chat_services.py").string(), "--port", "0"};
  services.working_directory = directory();
  services_ = std::make_unique<service_process>(std::move(services));
  service_options receiver;
  receiver.binary = PRICEWATCH_NODE;
  receiver.arguments = {(std::filesystem::path(PRICEWATCH_FIXTURES) / "webhook-receiver" / "receiver.mjs").string(),
                        "--port", "0"};
  receiver.working_directory = directory();
  receiver_ = std::make_unique<service_process>(std::move(receiver));
  extra_environment.emplace_back("PRICEWATCH_DELIVERY_ALLOW_PRIVATE_NETWORKS", allow_private_networks ? "true" : "false");
  extra_environment.emplace_back("PRICEWATCH_TELEGRAM_BOT_TOKEN", std::string(bot_token));
  extra_environment.emplace_back("PRICEWATCH_TELEGRAM_API_URL", services_url());
  start_pricewatch();
}

void channels_test::TearDown() {
  watch_test::TearDown();
  if (!HasFailure()) return;
  if (services_) std::cerr << "---- chat services output ----\n" << services_->output().substr(0, 4000) << "\n";
  if (receiver_) std::cerr << "---- webhook receiver output ----\n" << receiver_->output().substr(0, 4000) << "\n";
}

std::string channels_test::hook_url(std::string_view name) const {
  return "http://127.0.0.1:" + std::to_string(receiver_->port()) + "/hooks/" + std::string(name);
}

std::string channels_test::services_url() const { return "http://127.0.0.1:" + std::to_string(services_->port()); }

value channels_test::add_channel(const test_user& owner, const value& body) {
  const http_response created = api().post("/api/v1/channels", boost::json::serialize(body), bearer(owner.token));
  EXPECT_EQ(created.status, 201u) << boost::json::serialize(body) << " -> " << created.body;
  return created.status == 201 ? created.json() : value(nullptr);
}

std::int64_t channels_test::id_of(const value& channel) { return integer_of(member(channel, "id")); }

value channels_test::add_webhook(const test_user& owner, std::string_view name) {
  auto made = add_channel(owner, value{{"type", "webhook"}, {"config", {{"url", hook_url(name)}}}});
  set_hook_secrets(name, boost::json::array{member(made, "secret")});
  return made;
}

void channels_test::set_hook_secrets(std::string_view name, const boost::json::array& secrets) {
  const value body{{"name", name}, {"secrets", secrets}};
  EXPECT_EQ(http_client(receiver_->port()).post("/control/secrets", boost::json::serialize(body)).status, 200u);
}

std::int64_t channels_test::create_alert_with(const test_user& owner, std::string_view price,
                                              const boost::json::array& channels) {
  const value body{{"symbol", "BTCUSDT"}, {"condition", "above"}, {"price", price}, {"channels", channels}};
  const http_response created = api().post("/api/v1/alerts", boost::json::serialize(body), bearer(owner.token));
  EXPECT_EQ(created.status, 201u) << created.body;
  if (created.status != 201) return 0;
  exchange().wait_for_subscription("BTCUSDT");
  return integer_of(member(created.json(), "id"));
}

boost::json::array channels_test::deliveries(const test_user& owner, std::int64_t alert_id) {
  const http_response listed =
      api().get("/api/v1/alerts/" + std::to_string(alert_id) + "/firings", bearer(owner.token));
  if (listed.status != 200) return {};
  const auto results = member(listed.json(), "results").as_array();
  if (results.empty()) return {};
  return member(results.front(), "deliveries").as_array();
}

bool channels_test::wait_for_deliveries(const test_user& owner, std::int64_t alert_id, std::string_view status,
                                        std::size_t count) {
  return test_support::eventually(
      [&] {
        const auto found = deliveries(owner, alert_id);
        if (found.size() != count) return false;
        for (const auto& delivery : found) {
          if (member(delivery, "status") != value(status)) return false;
        }
        return true;
      },
      std::chrono::seconds(20));
}

void channels_test::script_hook(std::string_view name, const boost::json::array& answers) {
  const value body{{"name", name}, {"answers", answers}};
  EXPECT_EQ(http_client(receiver_->port()).post("/control/script", boost::json::serialize(body)).status, 200u);
}

boost::json::array channels_test::hook_received(std::string_view name) {
  const http_response got = http_client(receiver_->port()).get("/control/received?name=" + std::string(name));
  return got.status == 200 ? got.json().as_array() : boost::json::array{};
}

void channels_test::script_service(std::string_view key, const boost::json::array& answers) {
  const value body{{"key", key}, {"answers", answers}};
  EXPECT_EQ(http_client(services_->port()).post("/control/script", boost::json::serialize(body)).status, 200u);
}

boost::json::array channels_test::service_received(std::string_view key) {
  const http_response got = http_client(services_->port()).get("/control/received?key=" + std::string(key));
  return got.status == 200 ? got.json().as_array() : boost::json::array{};
}

}  // namespace pricewatch::e2e
