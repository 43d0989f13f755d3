// Tests how the notifier sends a pass (notify/notifier.hpp): rows of a type that sends several at
// once go out in waves of the channel's in_flight() through send_all, each wave's outcomes stored
// before the next wave leaves; email rows one at a time, each stored before the next is sent. So
// a crash resends at most the wave in flight. With the real SQLite outbox and channels.
#include "notify/notifier.hpp"

#include "notify/channel_switch.hpp"
#include "queue/in_process/in_process_job_queue.hpp"
#include "storage/notification_store.hpp"
#include "outbox_database.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <functional>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

// A destination that takes `in_flight` deliveries at once; answers queued by the test, accepted
// when none is. Before each batch it notes how many rows the outbox already calls sent.
class batch_sender final : public destination_sender {
 public:
  explicit batch_sender(std::function<std::int64_t()> sent_so_far) : sent_so_far_(std::move(sent_so_far)) {}
  std::size_t in_flight() const override { return 4; }
  send_result send(const notification& item, const delivery_channel& destination) override {
    const addressed one{&item, &destination};
    return send_all(std::span(&one, 1)).front();
  }
  std::vector<send_result> send_all(std::span<const addressed> deliveries) override {
    batches.push_back(deliveries.size());
    stored_before.push_back(sent_so_far_());
    std::vector<send_result> results;
    for (std::size_t index = 0; index < deliveries.size(); ++index) {
      if (answers.empty()) {
        results.emplace_back();
        continue;
      }
      results.push_back(answers.front());
      answers.pop_front();
    }
    return results;
  }
  std::deque<send_result> answers;
  std::vector<std::size_t> batches;
  std::vector<std::int64_t> stored_before;

 private:
  std::function<std::int64_t()> sent_so_far_;
};

// The email channel: notes, at each send, how many rows the outbox already calls sent.
class noting_email final : public channel {
 public:
  explicit noting_email(std::function<std::int64_t()> sent_so_far) : sent_so_far_(std::move(sent_so_far)) {}
  send_result send(const notification&) override {
    stored_before.push_back(sent_so_far_());
    return {};
  }
  std::vector<std::int64_t> stored_before;

 private:
  std::function<std::int64_t()> sent_so_far_;
};

class notifier_waves_test : public ::testing::Test {
 protected:
  std::int64_t sent_so_far() { return db_.notifications().count_by_status()[notification_status::sent]; }
  // Makes the webhook the user's default channel: firings are delivered there instead of by email.
  void deliver_to_a_webhook() {
    delivery_channel hook;
    hook.user_id = db_.user_id;
    hook.type = channel_type::webhook;
    hook.name = "hook";
    hook.config = {{"url", "https://hooks.example.com/in"}};
    hook.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    hook.created_at = db_.clock.now();
    const auto id = db_.database->channels().create(hook).id;
    db_.database->channels().set_default_channels(db_.user_id, std::vector<std::int64_t>{id});
  }
  void fire(int alerts) {
    std::vector<std::int64_t> ids;
    for (int index = 0; index < alerts; ++index) ids.push_back(db_.create_alert(alert_condition::above, "51000"));
    db_.fire(ids);
  }

  test_support::outbox_database db_;
  batch_sender hooks_{[this] { return sent_so_far(); }};
  noting_email email_{[this] { return sent_so_far(); }};
  channel_switch switch_{email_, db_.database->channels(), {{channel_type::webhook, &hooks_}}};
  queue::in_process_job_source jobs_{db_.notifications(), db_.clock, 100, 60s};
  fixed_random random_{0.5};
  notifier notifier_{db_.notifications(), jobs_, switch_, db_.clock, random_,
                     notifier_config{retry_policy{1000ms, 300'000ms, 20}, &db_.database->channels(), {}}};
};

TEST_F(notifier_waves_test, webhooks_go_out_in_waves_of_in_flight_each_stored_before_the_next) {
  deliver_to_a_webhook();
  fire(10);
  EXPECT_EQ(notifier_.deliver_due(), 10u);
  EXPECT_EQ(hooks_.batches, (std::vector<std::size_t>{4, 4, 2}));
  EXPECT_EQ(hooks_.stored_before, (std::vector<std::int64_t>{0, 4, 8}));
  EXPECT_EQ(sent_so_far(), 10);
}

TEST_F(notifier_waves_test, each_row_of_a_wave_gets_its_own_outcome) {
  deliver_to_a_webhook();
  fire(4);
  hooks_.answers = {send_result{}, send_failure{"webhook answered HTTP 503", false, std::nullopt},
                    send_failure{"webhook answered HTTP 410", true, std::nullopt}, send_result{}};
  EXPECT_EQ(notifier_.deliver_due(), 4u);
  auto counts = db_.notifications().count_by_status();
  EXPECT_EQ(counts[notification_status::sent], 2);
  EXPECT_EQ(counts[notification_status::failed], 1);
  EXPECT_EQ(counts[notification_status::pending], 1) << "the 503 is retried";
  EXPECT_EQ(notifier_.counts().retried.load(), 1u);
}

TEST_F(notifier_waves_test, emails_go_one_at_a_time_each_stored_before_the_next_is_sent) {
  fire(3);
  EXPECT_EQ(notifier_.deliver_due(), 3u);
  EXPECT_EQ(email_.stored_before, (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_TRUE(hooks_.batches.empty());
}

}  // namespace
}  // namespace pricewatch
