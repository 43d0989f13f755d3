// Templates of channel messages: every placeholder of DESIGN.md section 10 is known, an unknown
// one is refused when saved, and values are escaped by the channel's function, the text around
// them never.
#include "alerts/message_template.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

std::string upper(std::string_view text) {
  std::string result(text);
  for (auto& c : result) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return result;
}

TEST(message_template, knows_every_placeholder_of_the_design) {
  for (const char* name : {"symbol", "exchange", "condition", "target", "price", "percent", "window", "fired_at", "note",
                           "alert_id", "alert_url"}) {
    EXPECT_TRUE(is_known_placeholder(name)) << name;
  }
  EXPECT_TRUE(check_template("{{symbol}} {{ price }} at {{fired_at}}"));
}

TEST(message_template, an_unknown_placeholder_is_refused_by_name) {
  const auto checked = check_template("{{symbol}} hit {{ticker}}");
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, errc::validation_failed);
  EXPECT_NE(checked.error().message.find("ticker"), std::string::npos);
  EXPECT_FALSE(check_template("{{symbol"));
  EXPECT_FALSE(check_template("{{}}"));
}

TEST(message_template, values_are_escaped_and_the_text_is_kept) {
  const placeholder_values values{{"symbol", "btc<usdt>"}, {"price", "51000.5"}};
  EXPECT_EQ(render_template("<b>{{symbol}}</b> at {{ price }}; {{note}}!", values, upper), "<b>BTC<USDT></b> at 51000.5; !");
}

TEST(message_template, a_template_without_placeholders_is_itself) {
  EXPECT_EQ(render_template("price alert", {}, upper), "price alert");
}

}  // namespace
}  // namespace pricewatch
