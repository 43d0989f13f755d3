// Tests the notifier with the real SQLite outbox, its in-process job source and the file sender:
// delivery, backoff, failure, leases.
#include "notify/notifier.hpp"

#include "notify/email_channel.hpp"
#include "queue/in_process/in_process_job_queue.hpp"

#include "core/backend_error.hpp"
#include "notify/file/file_sender.hpp"
#include "storage/notification_store.hpp"
#include "outbox_database.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The real outbox, whose writes of outcomes fail while `refusing` is set, as on a full disk.
class refusing_store final : public notification_store {
 public:
  explicit refusing_store(notification_store& real) : real_(real) {}
  bool refusing = false;
  int refused = 0;

  std::vector<notification> claim_due(time_point now, std::size_t limit, std::chrono::seconds lease,
                                      std::optional<channel_type> only) override {
    return real_.claim_due(now, limit, lease, only);
  }
  std::optional<notification> claim(std::int64_t id, std::int64_t attempts, time_point now,
                                    std::chrono::seconds lease) override {
    return real_.claim(id, attempts, now, lease);
  }
  void release(std::span<const std::int64_t> ids, time_point at) override {
    refuse_if_asked();
    real_.release(ids, at);
  }
  void mark_sent(std::int64_t id, std::int64_t attempts, time_point now) override {
    refuse_if_asked();
    real_.mark_sent(id, attempts, now);
  }
  void mark_saved(std::int64_t id, std::int64_t attempts, time_point now) override {
    refuse_if_asked();
    real_.mark_saved(id, attempts, now);
  }
  void schedule_retry(std::int64_t id, std::int64_t attempts, time_point next, const std::string& error) override {
    refuse_if_asked();
    real_.schedule_retry(id, attempts, next, error);
  }
  void hold(std::int64_t id, std::int64_t attempts, time_point until) override {
    refuse_if_asked();
    real_.hold(id, attempts, until);
  }
  void mark_failed(std::int64_t id, std::int64_t attempts, const std::string& error) override {
    refuse_if_asked();
    real_.mark_failed(id, attempts, error);
  }
  void settle(std::span<const delivery_outcome> outcomes) override {
    refuse_if_asked();
    real_.settle(outcomes);
  }
  std::optional<time_point> next_due(std::optional<channel_type> only) override { return real_.next_due(only); }
  void make_pending_due(time_point now) override { real_.make_pending_due(now); }
  std::map<notification_status, std::int64_t> count_by_status() override { return real_.count_by_status(); }

 private:
  void refuse_if_asked() {
    if (!refusing) return;
    ++refused;
    throw storage_full_error("database or disk is full");
  }
  notification_store& real_;
};

// A mail server that refuses every message with the same failure.
class refusing_sender final : public mail_sender {
 public:
  explicit refusing_sender(send_failure failure) : failure_(std::move(failure)) {}
  std::optional<send_failure> send(const mail_message&) override {
    ++attempts;
    return failure_;
  }
  int attempts = 0;

 private:
  send_failure failure_;
};

// A notifier sending email and taking its work from the outbox, as in the embedded mode.
class outbox_notifier {
 public:
  outbox_notifier(notification_store& store, mail_sender& sender, const wall_clock& clock, std::size_t batch = 100)
      : jobs_(store, clock, batch, 60s),
        email_(sender, "alerts@example.com", clock),
        mailer_(store, jobs_, email_, clock, random_, notifier_config{retry_policy{1000ms, 300'000ms, 3}, nullptr, {}}) {}
  std::size_t deliver_due() { return mailer_.deliver_due(); }
  const delivery_counts& counts() const { return mailer_.counts(); }

 private:
  queue::in_process_job_source jobs_;
  email_channel email_;
  fixed_random random_{0.5};  // no jitter: retries are 1 s, 2 s, ... apart
  notifier mailer_;
};

class notifier_test : public ::testing::Test {
 protected:
  fs::path mail_file(std::int64_t alert_id) const {
    return outbox_ / ("alert-" + std::to_string(alert_id) + "@example.com.eml");
  }
  std::optional<delivery_state> delivery(std::int64_t alert_id) { return db_.find(alert_id)->delivery; }
  // A sender whose folder's parent is a regular file, so that every send fails for real.
  file_sender broken_sender() {
    std::ofstream(db_.directory.path() / "blocker") << "not a folder";
    return file_sender(db_.directory.path() / "blocker" / "outbox");
  }
  time_point::duration until_due() { return *db_.notifications().next_due() - db_.clock.now(); }

  test_support::outbox_database db_;
  fs::path outbox_ = db_.directory.path() / "outbox";
  file_sender sender_{outbox_};
};

TEST_F(notifier_test, nothing_due_sends_nothing) {
  outbox_notifier delivery_loop(db_.notifications(), sender_, db_.clock);
  EXPECT_EQ(delivery_loop.deliver_due(), 0u);
  EXPECT_FALSE(fs::exists(outbox_));
}

TEST_F(notifier_test, delivers_due_rows_once) {
  outbox_notifier delivery_loop(db_.notifications(), sender_, db_.clock);
  const auto first = db_.create_alert(alert_condition::above, "51000");
  const auto second = db_.create_alert(alert_condition::below, "52000");
  db_.fire({first, second}, "51000.5");
  EXPECT_EQ(delivery_loop.deliver_due(), 2u);
  for (const auto id : {first, second}) {
    ASSERT_TRUE(fs::exists(mail_file(id))) << id;
    const auto state = delivery(id);
    ASSERT_TRUE(state);
    EXPECT_EQ(state->status, "saved");
    EXPECT_EQ(state->attempts, 1);
    EXPECT_EQ(state->last_error, std::nullopt);
  }
  std::ifstream in(mail_file(first));
  const std::string mail((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(mail.find("Subject: Price Alert: BTCUSDT at 51000.50\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("From: alerts@example.com\r\n"), std::string::npos);
  EXPECT_NE(mail.find("To: bob@example.org\r\n"), std::string::npos);
  EXPECT_EQ(delivery_loop.counts().saved.load(), 2u) << "written to the outbox folder: saved, never sent";
  EXPECT_EQ(delivery_loop.counts().sent.load(), 0u);

  fs::remove_all(outbox_);
  db_.notifications().make_pending_due(db_.clock.now());
  db_.clock.advance(1h);
  EXPECT_EQ(delivery_loop.deliver_due(), 0u);
  EXPECT_FALSE(fs::exists(outbox_));
  EXPECT_EQ(db_.notifications().next_due(), std::nullopt);
}

TEST_F(notifier_test, a_failing_sender_backs_off_then_fails_with_the_reason) {
  auto broken = broken_sender();
  outbox_notifier delivery_loop(db_.notifications(), broken, db_.clock);
  const auto id = db_.create_alert(alert_condition::above, "51000");
  db_.fire({id});

  EXPECT_EQ(delivery_loop.deliver_due(), 1u);
  auto state = delivery(id);
  EXPECT_EQ(state->status, "pending");
  EXPECT_EQ(state->attempts, 1);
  ASSERT_TRUE(state->last_error);
  EXPECT_EQ(state->last_error->rfind("cannot create ", 0), 0u) << *state->last_error;
  EXPECT_GE(until_due(), 800ms);  // 1 s, jittered 80%..120%
  EXPECT_LE(until_due(), 1200ms);
  EXPECT_EQ(delivery_loop.deliver_due(), 0u);
  db_.clock.advance(799ms);
  EXPECT_EQ(delivery_loop.deliver_due(), 0u);
  db_.clock.advance(until_due());

  EXPECT_EQ(delivery_loop.deliver_due(), 1u);
  EXPECT_EQ(delivery(id)->attempts, 2);
  EXPECT_GE(until_due(), 1600ms);  // 2 s, jittered
  EXPECT_LE(until_due(), 2400ms);
  db_.clock.advance(until_due());

  EXPECT_EQ(delivery_loop.deliver_due(), 1u);  // the third and last attempt
  state = delivery(id);
  EXPECT_EQ(state->status, "failed");
  EXPECT_EQ(state->attempts, 3);
  ASSERT_TRUE(state->last_error);
  EXPECT_NE(state->last_error->find("blocker"), std::string::npos) << *state->last_error;
  EXPECT_EQ(delivery_loop.counts().sent.load(), 0u);
  EXPECT_EQ(delivery_loop.counts().retried.load(), 2u);
  EXPECT_EQ(delivery_loop.counts().failed.load(), 1u);
  db_.clock.advance(1h);
  EXPECT_EQ(delivery_loop.deliver_due(), 0u);
  EXPECT_EQ(db_.notifications().count_by_status()[notification_status::failed], 1);
}

// A NUL in the stored address once sent the email to the address cut at the NUL.
TEST_F(notifier_test, an_address_that_would_change_on_the_wire_fails_at_once_unsent) {
  using namespace std::string_literals;
  const auto owner = db_.database->users().create("a\0b@example.com"s, "hash", db_.clock.now());
  ASSERT_TRUE(owner);
  const auto id = db_.database->alerts()
                      .create(owner->id, level_request("BTCUSDT", alert_condition::above, *price::parse("51000")),
                              db_.clock.now())
                      .id;
  db_.fire({id});
  outbox_notifier delivery_loop(db_.notifications(), sender_, db_.clock);
  EXPECT_EQ(delivery_loop.deliver_due(), 1u);
  const auto state = db_.database->alerts().find(owner->id, id)->delivery;
  ASSERT_TRUE(state);
  EXPECT_EQ(state->status, "failed");
  EXPECT_EQ(state->attempts, 1);
  ASSERT_TRUE(state->last_error);
  EXPECT_NE(state->last_error->find("control character 0"), std::string::npos) << *state->last_error;
  EXPECT_FALSE(fs::exists(mail_file(id)));
  EXPECT_EQ(delivery_loop.counts().failed.load(), 1u);
}

// A mail that went out is recorded as sent once the database takes writes again, never sent twice;
// the rest of its batch is handed back unsent and due at once.
TEST_F(notifier_test, keeps_the_outcome_of_a_sent_mail_until_the_database_records_it) {
  refusing_store store(db_.notifications());
  outbox_notifier delivery_loop(store, sender_, db_.clock);
  const auto first = db_.create_alert(alert_condition::above, "51000");
  const auto second = db_.create_alert(alert_condition::above, "51001");
  db_.fire({first, second});

  store.refusing = true;
  EXPECT_THROW(delivery_loop.deliver_due(), storage_full_error);
  EXPECT_TRUE(fs::exists(mail_file(first)));
  EXPECT_FALSE(fs::exists(mail_file(second))) << "the batch stops at the first outcome it cannot record";
  EXPECT_EQ(delivery(first)->status, "pending");
  EXPECT_THROW(delivery_loop.deliver_due(), storage_full_error) << "kept outcomes go first, and still fail";
  fs::remove(mail_file(first));

  store.refusing = false;
  EXPECT_EQ(delivery_loop.deliver_due(), 1u) << "the unsent rest is due at once, not after its lease";
  EXPECT_EQ(delivery(first)->status, "saved");
  EXPECT_EQ(delivery(first)->attempts, 1);
  EXPECT_EQ(delivery(second)->status, "saved");
  EXPECT_FALSE(fs::exists(mail_file(first))) << "the first was not sent a second time";
  EXPECT_EQ(delivery_loop.counts().saved.load(), 2u);
}

TEST_F(notifier_test, a_permanent_refusal_fails_at_once_with_the_reason) {
  refusing_sender refusing(send_failure{"Failed sending data to the peer (server replied 550)", true, std::nullopt});
  outbox_notifier delivery_loop(db_.notifications(), refusing, db_.clock);
  const auto id = db_.create_alert(alert_condition::above, "51000");
  db_.fire({id});
  EXPECT_EQ(delivery_loop.deliver_due(), 1u);
  const auto state = delivery(id);
  EXPECT_EQ(state->status, "failed");
  EXPECT_EQ(state->attempts, 1);
  ASSERT_TRUE(state->last_error);
  EXPECT_EQ(*state->last_error, "refused permanently: Failed sending data to the peer (server replied 550)");
  db_.clock.advance(std::chrono::hours(2));
  EXPECT_EQ(delivery_loop.deliver_due(), 0u);
  EXPECT_EQ(refusing.attempts, 1) << "never tried again";
  EXPECT_EQ(delivery_loop.counts().failed.load(), 1u);
  EXPECT_EQ(delivery_loop.counts().retried.load(), 0u);
}

TEST_F(notifier_test, a_temporary_refusal_is_retried) {
  refusing_sender refusing(send_failure{"Failed sending data to the peer (server replied 451)", false, std::nullopt});
  outbox_notifier delivery_loop(db_.notifications(), refusing, db_.clock);
  const auto id = db_.create_alert(alert_condition::above, "51000");
  db_.fire({id});
  EXPECT_EQ(delivery_loop.deliver_due(), 1u);
  EXPECT_EQ(delivery(id)->status, "pending");
  db_.clock.advance(std::chrono::seconds(2));
  EXPECT_EQ(delivery_loop.deliver_due(), 1u);
  EXPECT_EQ(refusing.attempts, 2);
}

TEST_F(notifier_test, a_retry_after_recovery_sends_and_clears_the_error) {
  auto broken = broken_sender();
  outbox_notifier failing(db_.notifications(), broken, db_.clock);
  const auto id = db_.create_alert(alert_condition::above, "51000");
  db_.fire({id});
  EXPECT_EQ(failing.deliver_due(), 1u);
  db_.clock.advance(until_due());
  outbox_notifier working(db_.notifications(), sender_, db_.clock);
  EXPECT_EQ(working.deliver_due(), 1u);
  const auto state = delivery(id);
  EXPECT_EQ(state->status, "saved");
  EXPECT_EQ(state->attempts, 2);
  EXPECT_EQ(state->last_error, std::nullopt);
  EXPECT_TRUE(fs::exists(mail_file(id)));
}

TEST_F(notifier_test, a_row_claimed_elsewhere_waits_for_its_lease) {
  outbox_notifier delivery_loop(db_.notifications(), sender_, db_.clock);
  const auto id = db_.create_alert(alert_condition::above, "51000");
  db_.fire({id});
  ASSERT_EQ(db_.notifications().claim_due(db_.clock.now(), 10, 60s).size(), 1u);  // a notifier that then crashed
  EXPECT_EQ(delivery_loop.deliver_due(), 0u);
  db_.clock.advance(59s);
  EXPECT_EQ(delivery_loop.deliver_due(), 0u);
  EXPECT_FALSE(fs::exists(mail_file(id)));
  db_.clock.advance(1s);
  EXPECT_EQ(delivery_loop.deliver_due(), 1u);
  EXPECT_TRUE(fs::exists(mail_file(id)));
  EXPECT_EQ(delivery(id)->attempts, 1);
}

TEST_F(notifier_test, one_pass_takes_at_most_a_batch) {
  outbox_notifier delivery_loop(db_.notifications(), sender_, db_.clock, 2);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(db_.create_alert(alert_condition::above, "51000"));
  db_.fire(ids);
  EXPECT_EQ(delivery_loop.deliver_due(), 2u);
  EXPECT_EQ(delivery_loop.deliver_due(), 2u);
  EXPECT_EQ(delivery_loop.deliver_due(), 1u);
  EXPECT_EQ(delivery_loop.deliver_due(), 0u);
  EXPECT_EQ(db_.notifications().count_by_status()[notification_status::saved], 5);
}

}  // namespace
}  // namespace pricewatch
