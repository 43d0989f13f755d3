// Tests the channels on every backend (SQLite, PostgreSQL, MariaDB): the account's own email
// channel made with it, channels stored, changed, deleted and scoped to their owner, defaults, a
// webhook's secret rotation, the health the notifiers record; and the fan-out of DESIGN.md
// section 10: one outbox row per firing and active channel, in the firing's transaction, the
// alert's own channels or else its owner's defaults, each shown as a delivery of the firing.
#include "outbox_database.hpp"

#include "backends.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

class soci_channel_store_test : public ::testing::TestWithParam<std::string> {
 protected:
  test_support::outbox_database db_{GetParam()};
  channel_store& channels() { return db_.database->channels(); }

  std::int64_t add(channel_type type, channel_config config, channel_status status = channel_status::active,
                   std::int64_t owner = 0) {
    delivery_channel channel;
    channel.user_id = owner == 0 ? db_.user_id : owner;
    channel.type = type;
    channel.name = std::string(to_string(type));
    channel.config = std::move(config);
    channel.status = status;
    channel.created_at = db_.clock.now();
    if (type == channel_type::webhook) channel.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    return channels().create(channel).id;
  }
  std::int64_t own_email() { return channels().default_channels(db_.user_id).at(0); }
  std::int64_t alert_with(std::vector<std::int64_t> chosen) {
    auto request = level_request("BTCUSDT", alert_condition::above, *price::parse("100"));
    request.channels = std::move(chosen);
    return db_.database->alerts().create(db_.user_id, request, db_.clock.now()).id;
  }
  // The outbox rows, as (channel id, type, recipient), in claim order.
  std::vector<notification> claimed() { return db_.notifications().claim_due(db_.clock.now() + 1s, 100, 60s); }
  std::vector<delivery_state> deliveries_of(std::int64_t alert_id) {
    const auto listed =
        db_.database->alerts().list_firings(firing_filter{db_.user_id, alert_id, std::nullopt, std::nullopt}, 0, 10);
    return listed.empty() ? std::vector<delivery_state>{} : listed.front().deliveries;
  }
};

TEST_P(soci_channel_store_test, an_account_comes_with_its_own_email_channel_as_its_default) {
  const auto listed = channels().list(db_.user_id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].type, channel_type::email);
  EXPECT_EQ(listed[0].config, (channel_config{{"address", "bob@example.org"}}));
  EXPECT_EQ(listed[0].status, channel_status::active);
  EXPECT_TRUE(listed[0].is_default);
  EXPECT_EQ(channels().default_channels(db_.user_id), std::vector<std::int64_t>{listed[0].id});
}

TEST_P(soci_channel_store_test, stores_changes_and_deletes_only_for_the_owner) {
  const auto other = db_.database->users().create("eve@example.org", "hash", db_.clock.now())->id;
  const auto id = add(channel_type::ntfy, {{"server", "https://ntfy.sh"}, {"topic", "a"}});
  auto found = channels().find(db_.user_id, id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->config.at("topic"), "a");
  EXPECT_FALSE(channels().find(other, id));
  found->config["topic"] = "b";
  found->name = "Phone";
  EXPECT_TRUE(channels().update(*found));
  EXPECT_EQ(channels().find_by_id(id)->config.at("topic"), "b");
  auto stolen = *found;
  stolen.user_id = other;
  EXPECT_FALSE(channels().update(stolen));
  EXPECT_FALSE(channels().remove(other, id));
  EXPECT_EQ(channels().count_owned(db_.user_id, std::vector<std::int64_t>{id, own_email()}), 2u);
  EXPECT_EQ(channels().count_owned(other, std::vector<std::int64_t>{id}), 0u);
  EXPECT_TRUE(channels().remove(db_.user_id, id));
  EXPECT_FALSE(channels().find(db_.user_id, id));
  EXPECT_EQ(channels().find_by_id(id)->status, channel_status::deleted) << "its past deliveries still name it";
  EXPECT_EQ(channels().list(db_.user_id).size(), 1u);
}

TEST_P(soci_channel_store_test, defaults_are_exactly_the_ones_chosen_and_only_the_owners) {
  const auto other = db_.database->users().create("eve@example.org", "hash", db_.clock.now())->id;
  const auto hook = add(channel_type::webhook, {{"url", "https://a.example/"}});
  const auto theirs = add(channel_type::slack, {{"webhook_url", "https://hooks.slack.com/x"}}, channel_status::active, other);
  EXPECT_TRUE(channels().set_default_channels(db_.user_id, std::vector<std::int64_t>{hook}));
  EXPECT_EQ(channels().default_channels(db_.user_id), std::vector<std::int64_t>{hook});
  EXPECT_FALSE(channels().set_default_channels(db_.user_id, std::vector<std::int64_t>{hook, theirs}));
  EXPECT_EQ(channels().default_channels(db_.user_id), std::vector<std::int64_t>{hook}) << "nothing changed";
}

TEST_P(soci_channel_store_test, a_confirmation_token_activates_its_channel_once) {
  delivery_channel waiting;
  waiting.user_id = db_.user_id;
  waiting.type = channel_type::email;
  waiting.name = "Carol";
  waiting.config = {{"address", "carol@example.org"}};
  waiting.status = channel_status::unverified;
  waiting.verify_token = "0123abcd";
  waiting.created_at = db_.clock.now();
  const auto id = channels().create(waiting).id;
  EXPECT_FALSE(channels().confirm("wrong"));
  const auto confirmed = channels().confirm("0123abcd");
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(confirmed->id, id);
  EXPECT_EQ(confirmed->status, channel_status::active);
  EXPECT_EQ(confirmed->verify_token, std::nullopt);
  EXPECT_FALSE(channels().confirm("0123abcd")) << "spent";
}

TEST_P(soci_channel_store_test, preferences_are_kept_and_a_change_releases_held_rows) {
  EXPECT_EQ(channels().preferences(db_.user_id), delivery_preferences{});
  delivery_preferences quiet;
  quiet.timezone = "Europe/Berlin";
  quiet.quiet = quiet_hours{22 * 60, 7 * 60};
  quiet.digest = 300s;
  channels().set_preferences(db_.user_id, quiet, db_.clock.now());
  EXPECT_EQ(channels().preferences(db_.user_id), quiet);
  const auto alert = alert_with({});
  ASSERT_EQ(db_.fire({alert}).size(), 1u);
  const auto row = claimed().at(0);
  db_.notifications().hold(row.id, 0, db_.clock.now() + 8h);
  EXPECT_EQ(deliveries_of(alert).at(0).status, "held");
  EXPECT_TRUE(claimed().empty());
  quiet.quiet.reset();
  channels().set_preferences(db_.user_id, quiet, db_.clock.now());
  const auto released = claimed();
  ASSERT_EQ(released.size(), 1u);
  EXPECT_TRUE(released[0].held_until.has_value()) << "released, it goes out in a digest";
  EXPECT_EQ(released[0].attempts, 0);
}

TEST_P(soci_channel_store_test, a_rotated_secret_keeps_the_old_one_until_the_overlap_ends) {
  const auto hook = add(channel_type::webhook, {{"url", "https://a.example/"}});
  const auto until = db_.clock.now() + 24h;
  EXPECT_TRUE(channels().rotate_secret(db_.user_id, hook, "whsec_bmV3IHNlY3JldA==", until));
  const auto rotated = channels().find(db_.user_id, hook);
  EXPECT_EQ(rotated->secret, "whsec_bmV3IHNlY3JldA==");
  EXPECT_EQ(rotated->previous_secret, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  EXPECT_EQ(rotated->previous_secret_until, until);
  EXPECT_FALSE(channels().rotate_secret(db_.user_id, own_email(), "whsec_eA==", until)) << "an email has no secret";
}

TEST_P(soci_channel_store_test, the_fifth_permanent_failure_in_a_row_disables_a_channel) {
  const auto hook = add(channel_type::webhook, {{"url", "https://a.example/"}});
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(channels().record_permanent_failure(hook, "HTTP 410", 5));
  channels().record_success(hook);
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(channels().record_permanent_failure(hook, "HTTP 410", 5));
  EXPECT_TRUE(channels().record_permanent_failure(hook, "webhook answered HTTP 410", 5));
  const auto disabled = channels().find(db_.user_id, hook);
  EXPECT_EQ(disabled->status, channel_status::disabled);
  EXPECT_NE(disabled->status_reason->find("webhook answered HTTP 410"), std::string::npos);
  EXPECT_FALSE(channels().record_permanent_failure(hook, "again", 5)) << "disabled once";
  auto edited = *disabled;
  edited.status = channel_status::active;
  edited.status_reason.reset();
  EXPECT_TRUE(channels().update(edited));
  EXPECT_FALSE(channels().record_permanent_failure(hook, "HTTP 410", 5)) << "an edit starts the count again";
}

TEST_P(soci_channel_store_test, a_firing_queues_one_row_per_active_default_channel) {
  const auto hook = add(channel_type::webhook, {{"url", "https://a.example/in"}});
  add(channel_type::slack, {{"webhook_url", "https://hooks.slack.com/x"}});  // not a default
  ASSERT_TRUE(channels().set_default_channels(db_.user_id, std::vector<std::int64_t>{own_email(), hook}));
  const auto alert = alert_with({});
  ASSERT_EQ(db_.fire({alert}).size(), 1u);
  const auto rows = claimed();
  ASSERT_EQ(rows.size(), 2u);
  std::set<std::int64_t> channel_ids{*rows[0].channel_id, *rows[1].channel_id};
  EXPECT_EQ(channel_ids, (std::set<std::int64_t>{own_email(), hook}));
  for (const auto& row : rows) {
    EXPECT_EQ(row.recipient, row.channel == channel_type::email ? "bob@example.org" : "https://a.example/in");
    EXPECT_TRUE(row.firing_id.has_value());
  }
  const auto deliveries = deliveries_of(alert);
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_EQ(deliveries[0].channel_id, own_email());
  EXPECT_EQ(deliveries[0].type, "email");
  EXPECT_EQ(deliveries[1].channel_id, hook);
  EXPECT_EQ(deliveries[1].type, "webhook");
  EXPECT_EQ(deliveries[1].status, "pending");
  EXPECT_TRUE(db_.find(alert)->delivery.has_value()) << "the alert shows its latest firing's first delivery";
}

TEST_P(soci_channel_store_test, an_alert_naming_channels_goes_to_those_active_ones_only) {
  const auto hook = add(channel_type::webhook, {{"url", "https://a.example/in"}});
  const auto chat = add(channel_type::telegram, {{"chat_id", "42"}});
  const auto waiting = add(channel_type::email, {{"address", "other@example.org"}}, channel_status::unverified);
  const auto alert = alert_with({hook, chat, waiting});
  EXPECT_EQ(db_.find(alert)->channels, (std::vector<std::int64_t>{hook, chat, waiting}));
  ASSERT_TRUE(channels().remove(db_.user_id, chat));
  ASSERT_EQ(db_.fire({alert}).size(), 1u);
  const auto rows = claimed();
  ASSERT_EQ(rows.size(), 1u) << "not the deleted channel, not the unverified one, not the default email";
  EXPECT_EQ(rows[0].channel_id, hook);
  EXPECT_EQ(rows[0].channel, channel_type::webhook);
}

TEST_P(soci_channel_store_test, many_firings_fan_out_in_one_batch) {
  const auto hook = add(channel_type::webhook, {{"url", "https://a.example/in"}});
  const auto chat = add(channel_type::telegram, {{"chat_id", "42"}});
  std::vector<std::int64_t> alerts;
  for (int i = 0; i < 50; ++i) alerts.push_back(alert_with({own_email(), hook, chat}));
  ASSERT_EQ(db_.fire(alerts).size(), 50u);
  EXPECT_EQ(db_.notifications().count_by_status()[notification_status::pending], 150);
  EXPECT_TRUE(db_.fire(alerts).empty()) << "fired once";
  EXPECT_EQ(db_.notifications().count_by_status()[notification_status::pending], 150);
}

TEST_P(soci_channel_store_test, a_lane_claims_and_waits_for_its_own_channel_type_only) {
  const auto hook = add(channel_type::webhook, {{"url", "https://a.example/in"}});
  const auto alert = alert_with({own_email(), hook});
  ASSERT_EQ(db_.fire({alert}).size(), 1u);
  const auto now = db_.clock.now();
  EXPECT_EQ(db_.notifications().next_due(channel_type::ntfy), std::nullopt);
  const auto webhooks = db_.notifications().claim_due(now, 100, 60s, channel_type::webhook);
  ASSERT_EQ(webhooks.size(), 1u);
  EXPECT_EQ(webhooks[0].channel_id, hook);
  EXPECT_EQ(db_.notifications().next_due(channel_type::webhook), now + 60s) << "leased";
  EXPECT_EQ(db_.notifications().next_due(channel_type::email), now) << "the email row waits for its own lane";
  const auto emails = db_.notifications().claim_due(now, 100, 60s, channel_type::email);
  ASSERT_EQ(emails.size(), 1u);
  EXPECT_EQ(emails[0].channel, channel_type::email);
  EXPECT_TRUE(db_.notifications().claim_due(now, 100, 60s, channel_type::webhook).empty());
}

TEST_P(soci_channel_store_test, an_outbox_row_carries_its_alerts_note_and_exchange_as_they_were_when_it_fired) {
  auto request = level_request("BTCUSDT", alert_condition::above, *price::parse("100"));
  request.note = "Sell half & \"move\" the stop";
  const auto alert = db_.database->alerts().create(db_.user_id, request, db_.clock.now()).id;
  ASSERT_EQ(db_.fire({alert}).size(), 1u);
  const auto rows = claimed();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].note, "Sell half & \"move\" the stop");
  EXPECT_EQ(rows[0].exchange, "binance") << "alerts follow Binance until they have an exchange of their own";
}

INSTANTIATE_TEST_SUITE_P(backends, soci_channel_store_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

}  // namespace
}  // namespace pricewatch
