// Tests the alert email: the original's sentence, subject, a Message-ID stable per firing, escaping and MIME;
// an alert on another exchange than Binance names its exchange.
#include "notify/mail_message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pricewatch {
namespace {

const time_point sent_at = time_point(std::chrono::seconds(1'790'000'000));  // Mon, 21 Sep 2026 14:13:20 UTC

notification fired(alert_condition condition) {
  notification item;
  item.id = 3;
  item.alert_id = 7;
  item.user_id = 2;
  item.recipient = "bob@example.org";
  item.symbol = "BTCUSDT";
  item.condition = condition;
  item.target = *price::parse("51000");
  item.triggered_price = *price::parse("51000.5");
  return item;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

TEST(mail_message, above_alert_says_greater_than_or_equal) {
  const auto message = compose_alert_mail(fired(alert_condition::above), "alerts@example.com", sent_at);
  EXPECT_EQ(message.from, "alerts@example.com");
  EXPECT_EQ(message.to, "bob@example.org");
  EXPECT_EQ(message.subject, "Price Alert: BTCUSDT at 51000.50");
  EXPECT_EQ(message.message_id, "<alert-7@example.com>");
  EXPECT_EQ(message.date, "Mon, 21 Sep 2026 14:13:20 +0000");
  const std::string sentence =
      "The current BTCUSDT price is 51000.50, which is greater than or equal to your threshold of 51000.00.";
  EXPECT_EQ(message.text.rfind(sentence, 0), 0u) << message.text;
  EXPECT_NE(message.text.find("Alert #7: BTCUSDT above 51000.00"), std::string::npos) << message.text;
  EXPECT_NE(message.html.find("<p>" + sentence + "</p>"), std::string::npos) << message.html;
  EXPECT_NE(message.html.find("<strong>BTCUSDT</strong> above 51000.00"), std::string::npos) << message.html;
}

TEST(mail_message, below_alert_says_less_than_or_equal) {
  const auto message = compose_alert_mail(fired(alert_condition::below), "alerts@example.com", sent_at);
  EXPECT_EQ(message.subject, "Price Alert: BTCUSDT at 51000.50");
  const std::string sentence =
      "The current BTCUSDT price is 51000.50, which is less than or equal to your threshold of 51000.00.";
  EXPECT_EQ(message.text.rfind(sentence, 0), 0u) << message.text;
  EXPECT_NE(message.text.find("BTCUSDT below 51000.00"), std::string::npos);
  EXPECT_NE(message.html.find(sentence), std::string::npos);
  EXPECT_EQ(message.text.find("greater"), std::string::npos);
}

TEST(mail_message, keeps_every_decimal_of_small_prices) {
  auto item = fired(alert_condition::below);
  item.symbol = "SHIBUSDT";
  item.target = *price::parse("0.00001234");
  item.triggered_price = *price::parse("0.0000123");
  const auto message = compose_alert_mail(item, "alerts@example.com", sent_at);
  EXPECT_EQ(message.subject, "Price Alert: SHIBUSDT at 0.0000123");
  EXPECT_NE(message.text.find("price is 0.0000123, which is less than or equal to your threshold of 0.00001234."),
            std::string::npos)
      << message.text;
}

TEST(mail_message, message_id_is_stable_and_uses_the_sender_domain) {
  const auto first = compose_alert_mail(fired(alert_condition::above), "alerts@example.com", sent_at);
  const auto retry = compose_alert_mail(fired(alert_condition::above), "alerts@example.com", sent_at + std::chrono::hours(1));
  EXPECT_EQ(first.message_id, retry.message_id);
  EXPECT_NE(first.date, retry.date);
  EXPECT_EQ(compose_alert_mail(fired(alert_condition::above), "pricewatch", sent_at).message_id, "<alert-7@localhost>");
  EXPECT_EQ(compose_alert_mail(fired(alert_condition::above), "a@b@mail.test", sent_at).message_id, "<alert-7@mail.test>");
}

TEST(mail_message, each_firing_of_a_recurring_alert_is_a_message_of_its_own) {
  auto second = fired(alert_condition::above);
  second.firing_sequence = 2;
  const auto message = compose_alert_mail(second, "alerts@example.com", sent_at);
  EXPECT_EQ(message.message_id, "<alert-7-2@example.com>");
  EXPECT_EQ(compose_alert_mail(second, "alerts@example.com", sent_at + std::chrono::hours(1)).message_id,
            message.message_id)
      << "a retry of one firing is the same message";
  auto first = fired(alert_condition::above);
  first.firing_sequence = 1;
  EXPECT_EQ(compose_alert_mail(first, "alerts@example.com", sent_at).message_id, "<alert-7@example.com>")
      << "the first firing keeps the id alerts always had";
  second.firing_sequence = 12;
  EXPECT_EQ(compose_alert_mail(second, "alerts@example.com", sent_at).message_id, "<alert-7-12@example.com>");
}

TEST(mail_message, says_what_each_condition_of_alerts_v2_saw) {
  const auto text = [](notification item) { return compose_alert_mail(item, "alerts@example.com", sent_at).text; };
  EXPECT_NE(text(fired(alert_condition::crossing_up)).find("which crossed up through your level of 51000.00."),
            std::string::npos);
  EXPECT_NE(text(fired(alert_condition::crossing_down)).find("which crossed down through your level of 51000.00."),
            std::string::npos);
  EXPECT_NE(text(fired(alert_condition::crossing)).find("which crossed your level of 51000.00."), std::string::npos);
  auto move = fired(alert_condition::moving_down);
  move.target = price();
  move.percent_bp = 250;
  move.window = move_window::h4;
  const auto moved = text(move);
  EXPECT_NE(moved.find("which is at least 2.5% below its highest of the last 4h."), std::string::npos) << moved;
  EXPECT_NE(moved.find("Alert #7: BTCUSDT moving_down 2.5% in 4h."), std::string::npos) << moved;
  EXPECT_EQ(moved.find("0.00"), std::string::npos) << "a move has no level to quote";
}

TEST(mail_message, a_recurring_alert_says_it_fires_again_and_how_often) {
  auto item = fired(alert_condition::above);
  item.frequency = alert_frequency::every_time;
  item.cooldown = std::chrono::seconds(300);
  item.firing_sequence = 3;
  const auto message = compose_alert_mail(item, "alerts@example.com", sent_at);
  EXPECT_NE(message.text.find("This alert has fired 3 times; it fires again each time its condition begins to hold "
                              "anew, at most once every 300 seconds."),
            std::string::npos)
      << message.text;
  EXPECT_EQ(message.text.find("will not fire again"), std::string::npos);
}

TEST(mail_message, html_escapes_what_it_quotes) {
  auto item = fired(alert_condition::above);
  item.symbol = "A&B<C>\"D";
  const auto message = compose_alert_mail(item, "alerts@example.com", sent_at);
  EXPECT_NE(message.html.find("The current A&amp;B&lt;C&gt;&quot;D price"), std::string::npos) << message.html;
  EXPECT_NE(message.html.find("<strong>A&amp;B&lt;C&gt;&quot;D</strong>"), std::string::npos) << message.html;
  EXPECT_EQ(message.html.find("A&B"), std::string::npos);
  EXPECT_NE(message.text.find("The current A&B<C>\"D price"), std::string::npos);  // plain text stays plain
}

TEST(mail_message, render_rfc5322_has_the_headers_and_both_parts) {
  const auto message = compose_alert_mail(fired(alert_condition::above), "alerts@example.com", sent_at);
  const auto text = render_rfc5322(message);
  EXPECT_EQ(text.rfind("From: alerts@example.com\r\n", 0), 0u) << text;
  for (const auto* header : {"To: bob@example.org\r\n", "Subject: Price Alert: BTCUSDT at 51000.50\r\n",
                             "Date: Mon, 21 Sep 2026 14:13:20 +0000\r\n", "Message-ID: <alert-7@example.com>\r\n",
                             "MIME-Version: 1.0\r\n"}) {
    EXPECT_NE(text.find(header), std::string::npos) << header;
  }
  const std::string marker = "Content-Type: multipart/alternative; boundary=\"";
  const auto at = text.find(marker);
  ASSERT_NE(at, std::string::npos);
  const auto headers_end = text.find("\r\n\r\n");
  EXPECT_LT(at, headers_end);
  const auto boundary = text.substr(at + marker.size(), text.find('"', at + marker.size()) - at - marker.size());
  ASSERT_FALSE(boundary.empty());
  EXPECT_EQ(occurrences(text, "--" + boundary + "\r\n"), 2u);
  EXPECT_EQ(text.substr(text.size() - boundary.size() - 6), "--" + boundary + "--\r\n");
  const auto plain = text.find("Content-Type: text/plain; charset=utf-8\r\n\r\n" + message.text);
  const auto html = text.find("Content-Type: text/html; charset=utf-8\r\n\r\n" + message.html);
  EXPECT_NE(plain, std::string::npos);
  EXPECT_NE(html, std::string::npos);
  EXPECT_LT(plain, html);  // multipart/alternative: the preferred part last
  EXPECT_EQ(message.text.find(boundary), std::string::npos);
  EXPECT_EQ(message.html.find(boundary), std::string::npos);
}

TEST(mail_message, another_exchange_than_binance_is_named_in_the_subject_sentence_and_terms) {
  auto item = fired(alert_condition::above);
  item.exchange = "coinbase";
  item.symbol = "BTC-USD";
  const auto message = compose_alert_mail(item, "alerts@example.com", sent_at);
  EXPECT_EQ(message.subject, "Price Alert: BTC-USD on Coinbase at 51000.50");
  EXPECT_NE(message.text.find("The current BTC-USD price on Coinbase is 51000.50, which is greater than or equal to "
                              "your threshold of 51000.00."),
            std::string::npos)
      << message.text;
  EXPECT_NE(message.text.find("Alert #7: BTC-USD on Coinbase above 51000.00."), std::string::npos) << message.text;
  EXPECT_NE(message.html.find("<strong>BTC-USD on Coinbase</strong>"), std::string::npos) << message.html;

  item.exchange = "binanceus";
  item.symbol = "BTCUSD";
  EXPECT_EQ(compose_alert_mail(item, "alerts@example.com", sent_at).subject, "Price Alert: BTCUSD on Binance.US at 51000.50");
  item.exchange = "kraken";
  item.symbol = "BTC/USD";
  EXPECT_EQ(compose_alert_mail(item, "alerts@example.com", sent_at).subject, "Price Alert: BTC/USD on Kraken at 51000.50");
}

TEST(mail_message, binance_keeps_the_original_wording_without_the_exchange) {
  auto item = fired(alert_condition::above);
  item.exchange = "binance";
  const auto message = compose_alert_mail(item, "alerts@example.com", sent_at);
  EXPECT_EQ(message.subject, "Price Alert: BTCUSDT at 51000.50");
  EXPECT_EQ(message.text.find(" on "), std::string::npos) << message.text;
}

TEST(mail_message, a_digest_names_each_firings_exchange_but_binance) {
  auto held = fired(alert_condition::above);
  auto coinbase = fired(alert_condition::below);
  coinbase.exchange = "coinbase";
  coinbase.symbol = "ETH-USD";
  coinbase.alert_id = 8;
  auto digest = fired(alert_condition::above);
  digest.digest_of = {held, coinbase};
  const auto message = compose_alert_mail(digest, "alerts@example.com", sent_at);
  EXPECT_NE(message.text.find("The BTCUSDT price was 51000.50, which"), std::string::npos) << message.text;
  EXPECT_NE(message.text.find("The ETH-USD price on Coinbase was 51000.50, which"), std::string::npos) << message.text;
}

TEST(unsendable_address, passes_an_ordinary_address) {
  EXPECT_EQ(unsendable_address("first.last+tag@example.co.uk"), std::nullopt);
}

TEST(unsendable_address, refuses_what_would_be_cut_or_split_on_the_wire) {
  using namespace std::string_literals;
  for (const auto& address : {"a\0b@example.com"s, "a@example.com\r\nRCPT TO:<x@evil.example>"s, "a\tb@example.com"s,
                              "a b@example.com"s, "a>@example.com"s, "<a@example.com"s, "a\x7f@example.com"s,
                              "nobody"s, "@example.com"s, "a@"s}) {
    EXPECT_TRUE(unsendable_address(address)) << address;
  }
}

}  // namespace
}  // namespace pricewatch
