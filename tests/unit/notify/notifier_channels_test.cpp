// Tests what the notifier does for channels (DESIGN.md section 10) with the real SQLite outbox
// and channels, through a channel whose answers the test sets: a service's Retry-After stretches
// the retry, a success starts the permanent failures again, and the fifth permanent failure in a
// row disables the channel with the reason, after which its rows fail at once unsent.
#include "notify/notifier.hpp"

#include "notify/channel_switch.hpp"
#include "notify/delivery_hold.hpp"
#include "queue/in_process/in_process_job_queue.hpp"
#include "storage/notification_store.hpp"
#include "outbox_database.hpp"

#include <gtest/gtest.h>

#include <deque>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

// A destination whose answers the test queues; accepted when none is queued.
class scripted_sender final : public destination_sender {
 public:
  std::deque<send_result> answers;
  int sent = 0;
  std::vector<std::size_t> digest_sizes;  // of each send: 0 for a single firing
  send_result send(const notification& item, const delivery_channel&) override {
    ++sent;
    digest_sizes.push_back(item.digest_of.size());
    if (answers.empty()) return {};
    auto answer = answers.front();
    answers.pop_front();
    return answer;
  }
};

// Email is not under test here: every email row is accepted.
class accepting_email final : public channel {
 public:
  send_result send(const notification&) override { return {}; }
};

class notifier_channels_test : public ::testing::Test {
 protected:
  notifier_channels_test() {
    delivery_channel hook;
    hook.user_id = db_.user_id;
    hook.type = channel_type::webhook;
    hook.name = "hook";
    hook.config = {{"url", "https://hooks.example.com/in"}};
    hook.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    hook.created_at = db_.clock.now();
    hook_ = channels().create(hook).id;
    channels().set_default_channels(db_.user_id, std::vector<std::int64_t>{hook_});
  }
  channel_store& channels() { return db_.database->channels(); }
  std::int64_t fire_one() {
    const auto id = db_.create_alert(alert_condition::above, "51000");
    db_.fire({id});
    return id;
  }
  time_point::duration until_due() { return *db_.notifications().next_due() - db_.clock.now(); }
  static send_result permanent(std::string reason) { return send_failure{std::move(reason), true, std::nullopt}; }

  test_support::outbox_database db_;
  std::int64_t hook_ = 0;
  scripted_sender hooks_;
  accepting_email email_;
  channel_switch switch_{email_, channels(), {{channel_type::webhook, &hooks_}}};
  queue::in_process_job_source jobs_{db_.notifications(), db_.clock, 100, 60s};
  fixed_random random_{0.5};  // no jitter
  delivery_hold hold_{channels(), db_.clock};
  notifier notifier_{db_.notifications(), jobs_, switch_, db_.clock, random_,
                     notifier_config{retry_policy{1000ms, 300'000ms, 20}, &channels(),
                                     [this](const notification& item) { return hold_(item); }}};
  std::int64_t held() {
    const auto listed = db_.database->alerts().list_firings(firing_filter{db_.user_id, {}, {}, {}}, 0, 100);
    std::int64_t count = 0;
    for (const auto& firing : listed) {
      for (const auto& delivery : firing.deliveries) count += delivery.status == "held" ? 1 : 0;
    }
    return count;
  }
};

TEST_F(notifier_channels_test, a_retry_after_longer_than_the_schedule_is_waited_for) {
  fire_one();
  hooks_.answers.push_back(send_failure{"webhook answered HTTP 429", false, 30s});
  EXPECT_EQ(notifier_.deliver_due(), 1u);
  EXPECT_GE(until_due(), 30s);
  db_.clock.advance(29s);
  EXPECT_EQ(notifier_.deliver_due(), 0u) << "not before the service asked";
  db_.clock.advance(1s);
  EXPECT_EQ(notifier_.deliver_due(), 1u);
  EXPECT_EQ(db_.notifications().count_by_status()[notification_status::sent], 1);
}

TEST_F(notifier_channels_test, a_delivery_waiting_its_turn_goes_back_to_the_outbox_due_then_and_is_no_attempt) {
  fire_one();
  hooks_.answers.push_back(wait_for_turn("waiting its turn", 400ms));
  EXPECT_EQ(notifier_.deliver_due(), 1u) << "settled at once: the worker does not sleep";
  EXPECT_EQ(until_due(), 400ms) << "due exactly when the destination has room, not on the backoff schedule";
  db_.clock.advance(399ms);
  EXPECT_EQ(notifier_.deliver_due(), 0u) << "not before its turn";
  db_.clock.advance(1ms);
  const auto due = db_.notifications().claim_due(db_.clock.now(), 10, 60s);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].attempts, 0) << "waiting is not an attempt";
  EXPECT_EQ(hooks_.sent, 1);
}

TEST_F(notifier_channels_test, a_shorter_retry_after_keeps_the_schedule) {
  fire_one();
  hooks_.answers.push_back(send_failure{"webhook answered HTTP 503", false, 0s});
  EXPECT_EQ(notifier_.deliver_due(), 1u);
  EXPECT_GE(until_due(), 1000ms);
}

TEST_F(notifier_channels_test, the_fifth_permanent_failure_in_a_row_disables_the_channel) {
  for (int i = 0; i < 4; ++i) {
    fire_one();
    hooks_.answers.push_back(permanent("webhook answered HTTP 410: gone"));
  }
  EXPECT_EQ(notifier_.deliver_due(), 4u);
  fire_one();  // a success starts the count again
  EXPECT_EQ(notifier_.deliver_due(), 1u);
  EXPECT_EQ(channels().find(db_.user_id, hook_)->status, channel_status::active);
  for (int i = 0; i < 5; ++i) {
    fire_one();
    hooks_.answers.push_back(permanent("webhook answered HTTP 410: gone"));
  }
  fire_one();  // queued before the disabling: it fails unsent, with the reason
  EXPECT_EQ(notifier_.deliver_due(), 6u);
  EXPECT_EQ(hooks_.sent, 10);
  const auto disabled = channels().find(db_.user_id, hook_);
  EXPECT_EQ(disabled->status, channel_status::disabled);
  EXPECT_NE(disabled->status_reason->find("HTTP 410: gone"), std::string::npos) << *disabled->status_reason;
  EXPECT_EQ(db_.notifications().count_by_status()[notification_status::failed], 10);

  // Firings from now on skip it.
  const auto sent_before = hooks_.sent;
  fire_one();
  EXPECT_EQ(notifier_.deliver_due(), 0u) << "a disabled channel gets no row";
  EXPECT_EQ(hooks_.sent, sent_before);
}

// The manual clock starts at 2026-09-21T14:13:20Z: 16:13 in Berlin (summer time).
TEST_F(notifier_channels_test, quiet_hours_hold_deliveries_and_release_them_as_one_digest) {
  delivery_preferences quiet;
  quiet.timezone = "Europe/Berlin";
  quiet.quiet = quiet_hours{16 * 60, 17 * 60};  // 16:00 to 17:00 Berlin: 15:00Z
  channels().set_preferences(db_.user_id, quiet, db_.clock.now());
  fire_one();
  fire_one();
  EXPECT_EQ(notifier_.deliver_due(), 2u);
  EXPECT_EQ(hooks_.sent, 0) << "nothing goes out during quiet hours";
  EXPECT_EQ(held(), 2);
  EXPECT_EQ(until_due(), 46min + 40s) << "until 17:00 Berlin";
  db_.clock.advance(until_due() - 1s);
  EXPECT_EQ(notifier_.deliver_due(), 0u);
  db_.clock.advance(1s);
  EXPECT_EQ(notifier_.deliver_due(), 2u);
  EXPECT_EQ(hooks_.digest_sizes, std::vector<std::size_t>{2}) << "one digest of both";
  EXPECT_EQ(db_.notifications().count_by_status()[notification_status::sent], 2);
  fire_one();  // after the quiet hours: at once, alone
  EXPECT_EQ(notifier_.deliver_due(), 1u);
  EXPECT_EQ(hooks_.digest_sizes, (std::vector<std::size_t>{2, 0}));
}

TEST_F(notifier_channels_test, a_digest_window_gathers_the_firings_within_it) {
  delivery_preferences gathered;
  gathered.digest = 60s;
  channels().set_preferences(db_.user_id, gathered, db_.clock.now());
  fire_one();
  EXPECT_EQ(notifier_.deliver_due(), 1u);
  db_.clock.advance(10s);
  fire_one();
  EXPECT_EQ(notifier_.deliver_due(), 1u);
  EXPECT_EQ(hooks_.sent, 0);
  db_.clock.advance(until_due());
  EXPECT_EQ(notifier_.deliver_due(), 2u);
  EXPECT_EQ(hooks_.digest_sizes, std::vector<std::size_t>{2});
}

TEST_F(notifier_channels_test, ending_quiet_hours_releases_held_deliveries_at_once) {
  delivery_preferences quiet;
  quiet.quiet = quiet_hours{14 * 60, 15 * 60};  // UTC
  channels().set_preferences(db_.user_id, quiet, db_.clock.now());
  fire_one();
  EXPECT_EQ(notifier_.deliver_due(), 1u);
  EXPECT_EQ(hooks_.sent, 0);
  channels().set_preferences(db_.user_id, delivery_preferences{}, db_.clock.now());
  db_.clock.advance(5s);  // the notifier reads preferences again after a few seconds
  EXPECT_EQ(notifier_.deliver_due(), 1u);
  EXPECT_EQ(hooks_.sent, 1);
}

}  // namespace
}  // namespace pricewatch
