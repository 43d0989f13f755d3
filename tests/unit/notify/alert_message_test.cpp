// Tests what a chat or webhook message says by default: the symbol with its exchange, by the
// name people know it by, whichever exchange it is (DESIGN.md section 11).
#include "notify/alert_message.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

notification fired(std::string exchange, std::string symbol, alert_condition condition) {
  notification item;
  item.alert_id = 7;
  item.exchange = std::move(exchange);
  item.symbol = std::move(symbol);
  item.condition = condition;
  item.target = *price::parse("51000");
  item.triggered_price = *price::parse("51000.5");
  item.percent_bp = 500;
  item.window = move_window::h1;
  return item;
}

std::string rendered(const notification& item) {
  return render_template(default_template(item), alert_placeholders(item, ""), keep_plain);
}

TEST(alert_message, the_default_message_names_the_exchange_of_the_price_that_fired) {
  EXPECT_EQ(rendered(fired("coinbase", "BTC-USD", alert_condition::above)),
            "BTC-USD on Coinbase is at or above 51000: now 51000.5 (alert #7)");
  EXPECT_EQ(rendered(fired("kraken", "BTC/USD", alert_condition::below)),
            "BTC/USD on Kraken is at or below 51000: now 51000.5 (alert #7)");
  EXPECT_EQ(rendered(fired("binanceus", "BTCUSD", alert_condition::crossing_up)),
            "BTCUSD on Binance.US crossed 51000 (crossing_up): now 51000.5 (alert #7)");
  EXPECT_EQ(rendered(fired("binance", "ETHUSDT", alert_condition::moving_up)),
            "ETHUSDT on Binance rose 5% within 1h: now 51000.5 (alert #7)");
  EXPECT_EQ(rendered(fired("coinbase", "ETH-USD", alert_condition::moving_down)),
            "ETH-USD on Coinbase fell 5% within 1h: now 51000.5 (alert #7)");
}

TEST(alert_message, the_exchange_placeholder_is_its_api_name) {
  const auto values = alert_placeholders(fired("kraken", "BTC/USD", alert_condition::above), "");
  EXPECT_EQ(values.at("exchange"), "kraken");
  EXPECT_EQ(exchange_title_of(fired("binanceus", "BTCUSD", alert_condition::above)), "Binance.US");
  EXPECT_EQ(exchange_title_of(fired("", "BTCUSDT", alert_condition::above)), "Binance") << "alerts from before exchanges";
}

TEST(alert_message, the_exchanges_name_is_text_of_the_template_that_no_escaping_changes) {
  const auto item = fired("binanceus", "BTCUSD", alert_condition::above);
  const auto expected = "BTCUSD on Binance.US is at or above 51000: now 51000.5 (alert #7)";
  EXPECT_EQ(render_template(default_template(item), alert_placeholders(item, ""), escape_markdown), expected);
  EXPECT_EQ(render_template(default_template(item), alert_placeholders(item, ""), escape_html), expected);
}

}  // namespace
}  // namespace pricewatch
