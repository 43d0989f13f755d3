// A send that hangs (a tarpit: a mail server that accepts the connection and never answers)
// holds up only itself: once it has hung for stall_after, the rest of the worker's claimed batch
// goes back to the outbox, due at once for another worker, and the hung one is retried as any
// temporary failure. A hang is played by a sender that moves the clock and polls the watch as
// libcurl's progress callback does.
#include "notify/notifier.hpp"

#include "notify/email_channel.hpp"
#include "notify/mail_sender.hpp"
#include "notify/stall_watch.hpp"
#include "queue/in_process/in_process_job_queue.hpp"
#include "storage/notification_store.hpp"
#include "outbox_database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

// Each send lasts `each` (the first one `first`), polled once a second as libcurl does; a send
// that lasts 10 s or more ends as a timeout, the others are accepted.
class slow_sender final : public mail_sender {
 public:
  slow_sender(manual_monotonic_clock& clock, stall_watch& watch, std::chrono::milliseconds first,
              std::chrono::milliseconds each)
      : clock_(clock), watch_(watch), first_(first), each_(each) {}

  std::optional<send_failure> send(const mail_message& message) override {
    auto left = sent.empty() ? first_ : each_;
    const bool times_out = left >= 10s;
    while (left > 0ms) {
      const auto step = std::min<std::chrono::milliseconds>(left, 1s);
      clock_.advance(step);
      left -= step;
      watch_.poll();
    }
    sent.push_back(message.to);
    if (times_out) return send_failure{"Timeout was reached", false, std::nullopt};
    return std::nullopt;
  }
  std::vector<std::string> sent;

 private:
  manual_monotonic_clock& clock_;
  stall_watch& watch_;
  std::chrono::milliseconds first_, each_;
};

class notifier_stall_test : public ::testing::Test {
 protected:
  // count alerts fired together: count due rows.
  std::vector<std::int64_t> fire(int count) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < count; ++i) ids.push_back(db_.create_alert(alert_condition::above, "51000"));
    db_.fire(ids);
    return ids;
  }
  notifier_config config() {
    notifier_config settings{retry_policy{1000ms, 300'000ms, 3}, nullptr, {}};
    settings.stalls = &watch_;
    settings.stall_after = 2000ms;
    return settings;
  }

  test_support::outbox_database db_;
  manual_monotonic_clock monotonic_;
  stall_watch watch_{monotonic_};
  fixed_random random_{0.5};
  queue::in_process_job_source jobs_{db_.notifications(), db_.clock, 100, 60s};
  queue::in_process_job_source other_worker_{db_.notifications(), db_.clock, 100, 60s};
};

TEST_F(notifier_stall_test, a_hung_send_hands_the_rest_of_the_batch_to_other_workers) {
  const auto ids = fire(5);
  slow_sender sender(monotonic_, watch_, 30s, 10ms);
  email_channel email(sender, "alerts@example.com", db_.clock);
  notifier mailer(db_.notifications(), jobs_, email, db_.clock, random_, config());

  EXPECT_EQ(mailer.deliver_due(), 1u);  // the hung one, retried later; the pass ends after it
  EXPECT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(mailer.counts().retried.load(), 1u);
  // The four others are due now for another worker, not leased to the one that hung.
  const auto taken = other_worker_.take();
  EXPECT_EQ(taken.size(), 4u);
  std::set<std::int64_t> alerts;
  for (const auto& item : taken) alerts.insert(item.alert_id);
  EXPECT_EQ(alerts.size(), 4u);
  // Each row once: what the hung worker took and what the other took are all five.
  std::size_t pending_with_attempt = 0;
  for (const auto id : ids) {
    const auto state = db_.find(id)->delivery;
    ASSERT_TRUE(state);
    EXPECT_EQ(state->status, "pending");
    if (state->attempts == 1) ++pending_with_attempt;
  }
  EXPECT_EQ(pending_with_attempt, 1u);  // only the hung one counts an attempt
}

TEST_F(notifier_stall_test, sends_within_the_stall_time_keep_the_whole_batch) {
  fire(5);
  slow_sender sender(monotonic_, watch_, 1900ms, 1900ms);  // slow, each under stall_after
  email_channel email(sender, "alerts@example.com", db_.clock);
  notifier mailer(db_.notifications(), jobs_, email, db_.clock, random_, config());

  EXPECT_EQ(mailer.deliver_due(), 5u);
  EXPECT_EQ(sender.sent.size(), 5u);
  EXPECT_TRUE(other_worker_.take().empty());
  EXPECT_EQ(db_.notifications().count_by_status()[notification_status::sent], 5);
}

TEST_F(notifier_stall_test, the_last_of_a_batch_hanging_hands_nothing_back) {
  fire(1);
  slow_sender sender(monotonic_, watch_, 30s, 10ms);
  email_channel email(sender, "alerts@example.com", db_.clock);
  notifier mailer(db_.notifications(), jobs_, email, db_.clock, random_, config());

  EXPECT_EQ(mailer.deliver_due(), 1u);
  EXPECT_TRUE(other_worker_.take().empty());
  EXPECT_EQ(mailer.counts().retried.load(), 1u);
}

TEST_F(notifier_stall_test, after_a_hand_back_the_watch_is_quiet_for_the_next_pass) {
  fire(3);
  slow_sender sender(monotonic_, watch_, 30s, 10ms);
  email_channel email(sender, "alerts@example.com", db_.clock);
  notifier mailer(db_.notifications(), jobs_, email, db_.clock, random_, config());
  EXPECT_EQ(mailer.deliver_due(), 1u);
  // The same worker takes the two handed back (nobody else did) and sends them in one pass.
  EXPECT_EQ(mailer.deliver_due(), 2u);
  EXPECT_EQ(db_.notifications().count_by_status()[notification_status::sent], 2);
}

}  // namespace
}  // namespace pricewatch
