// The one-click pause links of alert emails: a token names its user and alert and verifies under
// its key only; any change to it is refused; the mail carries it as RFC 8058 asks.
#include "notify/pause_link.hpp"
#include "notify/mail_message.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

TEST(pause_link, a_token_names_its_user_and_alert_under_its_key) {
  const auto token = alert_pause_token("key", 7, 42);
  const auto read = read_alert_pause_token("key", token);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->user_id, 7);
  EXPECT_EQ(read->alert_id, 42);
  EXPECT_EQ(alert_pause_url("https://alerts.example.com/", token), "https://alerts.example.com/api/v1/alert-pauses/" + token);
}

TEST(pause_link, a_changed_or_foreign_token_is_refused) {
  const auto token = alert_pause_token("key", 7, 42);
  EXPECT_FALSE(read_alert_pause_token("other key", token));
  EXPECT_FALSE(read_alert_pause_token("key", "7.43" + token.substr(4)));
  EXPECT_FALSE(read_alert_pause_token("key", "8.42" + token.substr(4)));
  EXPECT_FALSE(read_alert_pause_token("key", token.substr(0, token.size() - 1)));
  EXPECT_FALSE(read_alert_pause_token("key", ""));
  EXPECT_FALSE(read_alert_pause_token("key", "7.42."));
  EXPECT_FALSE(read_alert_pause_token("key", "-7.42." + token.substr(5)));
}

notification fired() {
  notification item;
  item.alert_id = 42;
  item.user_id = 7;
  item.recipient = "bob@example.org";
  item.symbol = "BTCUSDT";
  item.target = *price::parse("51000");
  item.triggered_price = *price::parse("51000.5");
  return item;
}

TEST(pause_link, an_alert_mail_is_auto_submitted_and_unsubscribes_in_one_click) {
  const auto link = alert_pause_url("https://alerts.example.com", alert_pause_token("key", 7, 42));
  const auto text = render_rfc5322(compose_alert_mail(fired(), "alerts@example.com", time_point(), link));
  EXPECT_NE(text.find("\r\nAuto-Submitted: auto-generated\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\r\nList-Unsubscribe: <" + link + ">\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Pause this alert: " + link), std::string::npos);
  EXPECT_NE(text.find(">Pause this alert</a>"), std::string::npos);
}

TEST(pause_link, without_a_public_url_a_mail_has_no_unsubscribe) {
  const auto text = render_rfc5322(compose_alert_mail(fired(), "alerts@example.com", time_point()));
  EXPECT_NE(text.find("\r\nAuto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_EQ(text.find("List-Unsubscribe"), std::string::npos);
}

TEST(pause_link, a_confirmation_mail_holds_its_link) {
  const auto text = render_rfc5322(compose_confirmation_mail("carol@example.org", "http://h/api/v1/channel-confirmations/t",
                                                             "alerts@example.com", time_point()));
  EXPECT_NE(text.find("To: carol@example.org\r\n"), std::string::npos);
  EXPECT_NE(text.find("http://h/api/v1/channel-confirmations/t"), std::string::npos);
}

}  // namespace
}  // namespace pricewatch
