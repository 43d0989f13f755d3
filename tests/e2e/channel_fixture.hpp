// A watch test whose pricewatch also delivers to channels (DESIGN.md section 10): beside the fake
// exchange and the SMTP sink, the fake chat services (tests/fixtures/chat_services.py: Telegram,
// Discord, Slack, ntfy) and the webhook receiver (tests/fixtures/webhook-receiver, which verifies
// signatures with the Standard Webhooks reference library), all on 127.0.0.1, started afresh for
// every test. pricewatch may reach loopback (delivery.allow_private_networks) unless a test says
// otherwise, and its bot sends to the fake Telegram.
#pragma once

#include "watch_fixture.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace pricewatch::e2e {

class channels_test : public watch_test {
 protected:
  static constexpr std::string_view bot_token = "123456:test-bot-token";  // as chat_services.py knows it

  // Whether pricewatch may reach 127.0.0.1 (the fakes); set before SetUp.
  bool allow_private_networks = true;

  void start_services() override;
  void TearDown() override;

  // POST /api/v1/channels; the channel (with a webhook's secret), or null and a failure.
  boost::json::value add_channel(const test_user& owner, const boost::json::value& body);
  std::int64_t id_of(const boost::json::value& channel);
  // A webhook channel to the receiver's /hooks/<name>, its secret registered with the receiver.
  boost::json::value add_webhook(const test_user& owner, std::string_view name);
  // The receiver's URL for /hooks/<name>, and the fake services' base URL.
  std::string hook_url(std::string_view name) const;
  std::string services_url() const;

  // An alert above `price` naming these channels; waits until the exchange streams its symbol.
  std::int64_t create_alert_with(const test_user& owner, std::string_view price, const boost::json::array& channels);
  // GET /api/v1/alerts/{id}/firings: the deliveries of its latest firing.
  boost::json::array deliveries(const test_user& owner, std::int64_t alert_id);
  // Polls until every delivery of the alert's latest firing has that status; false at 20 s.
  bool wait_for_deliveries(const test_user& owner, std::int64_t alert_id, std::string_view status, std::size_t count);

  // The secrets the receiver verifies /hooks/<name>'s signatures with (any of them may sign).
  void set_hook_secrets(std::string_view name, const boost::json::array& secrets);
  // The receiver: the next answers to /hooks/<name>, and what it received there.
  void script_hook(std::string_view name, const boost::json::array& answers);
  boost::json::array hook_received(std::string_view name);
  // The fake services: the next answers for a key (a Telegram chat id, or a request path), and
  // what they received for it.
  void script_service(std::string_view key, const boost::json::array& answers);
  boost::json::array service_received(std::string_view key);

 private:
  std::unique_ptr<service_process> services_;
  std::unique_ptr<service_process> receiver_;
};

}  // namespace pricewatch::e2e
