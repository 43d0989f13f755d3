// End-to-end tests of the links channels mail (DESIGN.md section 10): an email channel to another
// address than the account's receives nothing but its confirmation link until the link is opened;
// with http.public_url set, an alert mail is Auto-Submitted and carries a one-click
// List-Unsubscribe (RFC 8058) whose POST pauses the alert.
#include "channel_fixture.hpp"

#include <boost/json/serialize.hpp>

namespace pricewatch::e2e {
namespace {

using boost::json::array;
using boost::json::value;

class email_links_test : public channels_test {
 protected:
  static constexpr std::string_view public_url = "https://alerts.example.com";
  email_links_test() { extra_environment.emplace_back("PRICEWATCH_HTTP_PUBLIC_URL", std::string(public_url)); }

  // The path of a link the service wrote, on this test's service whatever public_url says.
  static std::string path_of(const std::string& link) {
    const auto start = link.find("/api/v1/");
    return start == std::string::npos ? std::string() : link.substr(start);
  }
};

TEST_F(email_links_test, another_address_gets_only_its_confirmation_link_until_it_is_opened) {
  const test_user owner = register_user("confirm");
  const auto channel = add_channel(owner, value{{"type", "email"}, {"config", {{"address", "carol@example.org"}}}});
  EXPECT_EQ(member(channel, "status"), value("unverified"));
  ASSERT_TRUE(mail().wait_for_count(1));
  const auto confirmation = mail().read_all().front();
  EXPECT_EQ(confirmation.envelope_recipients, std::vector<std::string>{"carol@example.org"});
  const auto start = confirmation.text.find(std::string(public_url) + "/api/v1/channel-confirmations/");
  ASSERT_NE(start, std::string::npos) << confirmation.text;
  const auto link = confirmation.text.substr(start, confirmation.text.find_first_of("\r\n ", start) - start);

  // Unconfirmed, it receives no alert.
  const auto first = create_alert_with(owner, "51000", array{id_of(channel)});
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_status(owner, first, "triggered"));
  EXPECT_TRUE(deliveries(owner, first).empty());

  // Opening the link shows a button; only its POST confirms (a mail scanner's prefetch does not).
  const auto opened = api().get(path_of(link));
  EXPECT_EQ(opened.status, 200u) << opened.body;
  EXPECT_EQ(member(api().get("/api/v1/channels/" + std::to_string(id_of(channel)), bearer(owner.token)).json(), "status"),
            value("unverified"));
  const auto pressed = api().post(path_of(link), "confirm=yes", {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(pressed.status, 200u) << pressed.body;
  const auto confirmed = api().get("/api/v1/channels/" + std::to_string(id_of(channel)), bearer(owner.token)).json();
  EXPECT_EQ(member(confirmed, "status"), value("active"));
  const auto second = create_alert_with(owner, "52000", array{id_of(channel)});
  EXPECT_EQ(exchange().set_price("BTCUSDT", "52500"), 1);
  ASSERT_TRUE(wait_for_deliveries(owner, second, "sent", 1));
  ASSERT_TRUE(mail().wait_for_count(2));
  EXPECT_EQ(mail().read_all().back().envelope_recipients, std::vector<std::string>{"carol@example.org"});
}

TEST_F(email_links_test, an_alert_mail_pauses_its_alert_in_one_click) {
  const test_user owner = register_user("unsubscribe");
  const auto body = boost::json::serialize(value{{"symbol", "BTCUSDT"}, {"condition", "crossing_up"}, {"price", "51000"},
                                                 {"frequency", "every_time"}, {"cooldown_seconds", 10}});
  const auto created = api().post("/api/v1/alerts", body, bearer(owner.token));
  ASSERT_EQ(created.status, 201u) << created.body;
  const auto alert = integer_of(member(created.json(), "id"));
  exchange().wait_for_subscription("BTCUSDT");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "50000"), 1);
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(mail().wait_for_count(1));
  const auto sent = mail().read_all().front();
  EXPECT_EQ(sent.header("Auto-Submitted"), "auto-generated");
  EXPECT_EQ(sent.header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  const auto unsubscribe = sent.header("List-Unsubscribe");
  ASSERT_TRUE(unsubscribe.starts_with("<" + std::string(public_url) + "/api/v1/alert-pauses/")) << unsubscribe;
  const auto path = path_of(unsubscribe.substr(1, unsubscribe.size() - 2));
  EXPECT_NE(sent.text.find("Pause this alert"), std::string::npos);
  // What a mail client's unsubscribe button sends (RFC 8058 section 3.2).
  const auto paused = api().post(path, "List-Unsubscribe=One-Click", {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(paused.status, 200u) << paused.body;
  EXPECT_TRUE(wait_for_status(owner, alert, "paused"));
}

}  // namespace
}  // namespace pricewatch::e2e
