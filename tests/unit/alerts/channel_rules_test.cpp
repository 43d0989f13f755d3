// The config of each channel type: required and unknown fields, URLs, chat ids, topics and
// templates, each refused with the field's name.
#include "alerts/channel_rules.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

void expect_refused(channel_type type, const channel_config& config, std::string_view field) {
  const auto checked = validate_channel_config(type, config);
  ASSERT_FALSE(checked) << field;
  EXPECT_EQ(checked.error().code, errc::validation_failed);
  EXPECT_NE(checked.error().message.find(field), std::string::npos) << checked.error().message;
}

TEST(channel_rules, each_type_takes_its_own_fields) {
  EXPECT_TRUE(validate_channel_config(channel_type::email, {{"address", "me@example.com"}}));
  EXPECT_TRUE(validate_channel_config(channel_type::webhook, {{"url", "https://hooks.example.com/x?y=1"}}));
  EXPECT_TRUE(validate_channel_config(channel_type::telegram, {{"chat_id", "-100123"}}));
  EXPECT_TRUE(validate_channel_config(channel_type::telegram, {{"chat_id", "@my_channel"}}));
  EXPECT_TRUE(validate_channel_config(channel_type::discord, {{"webhook_url", "https://discord.com/api/webhooks/1/a"}}));
  EXPECT_TRUE(validate_channel_config(channel_type::slack, {{"webhook_url", "https://hooks.slack.com/services/T/B/x"}}));
  EXPECT_TRUE(validate_channel_config(channel_type::ntfy, {{"server", "https://ntfy.sh"}, {"topic", "btc-alerts"},
                                                           {"token", "tk_abc"}}));
}

TEST(channel_rules, a_missing_required_field_is_named) {
  expect_refused(channel_type::email, {}, "config.address");
  expect_refused(channel_type::webhook, {{"template", "{{symbol}}"}}, "config.url");
  expect_refused(channel_type::ntfy, {{"server", "https://ntfy.sh"}}, "config.topic");
}

TEST(channel_rules, an_unknown_field_is_named) { expect_refused(channel_type::slack, {{"webhook_url", "https://a.b/c"}, {"channel", "#x"}}, "config.channel"); }

TEST(channel_rules, bad_values_are_refused) {
  expect_refused(channel_type::email, {{"address", "not an address"}}, "config.address");
  expect_refused(channel_type::webhook, {{"url", "ftp://example.com/"}}, "config.url");
  expect_refused(channel_type::webhook, {{"url", "https://user@example.com/"}}, "config.url");
  expect_refused(channel_type::webhook, {{"url", "https://"}}, "config.url");
  expect_refused(channel_type::telegram, {{"chat_id", "12a"}}, "config.chat_id");
  expect_refused(channel_type::ntfy, {{"server", "https://ntfy.sh"}, {"topic", "a/b"}}, "config.topic");
  expect_refused(channel_type::webhook, {{"url", "https://a.b/"}, {"template", "{{ticker}}"}}, "ticker");
}

TEST(channel_rules, values_are_trimmed_and_empty_optional_fields_dropped) {
  const auto checked = validate_channel_config(channel_type::webhook, {{"url", "  https://a.b/c "}, {"template", ""}});
  ASSERT_TRUE(checked);
  EXPECT_EQ(*checked, (channel_config{{"url", "https://a.b/c"}}));
}

TEST(channel_rules, a_name_defaults_to_the_type) {
  EXPECT_EQ(validate_channel_name("", channel_type::ntfy).value(), "ntfy");
  EXPECT_EQ(validate_channel_name(" Phone ", channel_type::ntfy).value(), "Phone");
  EXPECT_FALSE(validate_channel_name(std::string(101, 'x'), channel_type::ntfy));
}

TEST(channel_rules, the_recipient_is_where_it_sends) {
  EXPECT_EQ(channel_recipient(channel_type::ntfy, {{"server", "https://ntfy.sh/"}, {"topic", "t"}}), "https://ntfy.sh/t");
  EXPECT_EQ(channel_recipient(channel_type::email, {{"address", "me@example.com"}}), "me@example.com");
}

}  // namespace
}  // namespace pricewatch
