// Tests notification jobs through a real RabbitMQ (PRICEWATCH_TEST_AMQP_URL, in a vhost of this
// test's own): the relay publishes due outbox rows with confirms, workers (notifiers on a RabbitMQ job source) send each once and
// acknowledge after the outcome is stored, copies of a job send nothing, and a job whose last
// attempt failed ends in the dead-letter queue. The outbox is a real SQLite database and the
// mails real files.
#include "notify/email_channel.hpp"
#include "notify/file/file_sender.hpp"
#include "notify/notifier.hpp"
#include "amqp_test_vhost.hpp"
#include "eventually.hpp"
#include "outbox_database.hpp"
#include "queue/rabbitmq/amqp_connection.hpp"
#include "queue/rabbitmq/rabbitmq_job_queue.hpp"
#include "queue/rabbitmq/job_relay.hpp"
#include "queue/rabbitmq/messages.hpp"
#include "queue/rabbitmq/topology.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace pricewatch::queue {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using test_support::eventually;

class job_queue_test : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = test_support::amqp_test_vhost("jobs");
    ASSERT_FALSE(url_.empty());
  }

  notifier_config config() const { return notifier_config{retry_policy{1000ms, 300'000ms, 3}}; }
  fs::path mail_file(std::int64_t alert_id) const {
    return outbox_ / ("alert-" + std::to_string(alert_id) + "@example.com.eml");
  }
  // A delivery worker consuming jobs, on its own thread until the end of the scope.
  // (std::jthread asks it to stop and joins it when destroyed.)
  struct running_worker {
    running_worker(test_support::outbox_database& db, const std::string& url, mail_sender& sender,
                   const notifier_config& config)
        : jobs(db.notifications(), url, db.clock, monotonic),
          email(sender, "alerts@example.com", db.clock),
          mailer(db.notifications(), jobs, email, db.clock, random, config) {}
    steady_monotonic_clock monotonic;
    system_random random;
    rabbitmq_job_source jobs;
    email_channel email;
    notifier mailer;
    std::jthread thread{[this](std::stop_token stop) { mailer.run(stop); }};
  };
  job_relay relay(const std::string& url) { return job_relay(db_.notifications(), url, db_.clock, monotonic_); }

  steady_monotonic_clock monotonic_;

  test_support::outbox_database db_;
  fs::path outbox_ = db_.directory.path() / "outbox";
  file_sender sender_{outbox_};
  std::string url_;
};

TEST_F(job_queue_test, relayed_jobs_are_sent_once_each_and_settled) {
  const auto first = db_.create_alert(alert_condition::above, "51000");
  const auto second = db_.create_alert(alert_condition::below, "52000");
  db_.fire({first, second}, "51000.5");
  auto relay = this->relay(url_);
  EXPECT_EQ(relay.relay_due(), 2u);
  EXPECT_EQ(relay.relay_due(), 0u);  // leased: not published twice
  EXPECT_EQ(relay.published(), 2u);

  {
    running_worker running(db_, url_, sender_, config());
    // The .eml folder only keeps them: saved, not sent (no mail server).
    EXPECT_TRUE(eventually([&] { return running.mailer.counts().saved.load() == 2; }));
  }
  for (const auto id : {first, second}) {
    EXPECT_TRUE(fs::exists(mail_file(id))) << id;
    EXPECT_EQ(db_.find(id)->delivery->status, "saved");
    EXPECT_EQ(db_.find(id)->delivery->attempts, 1);
  }
}

TEST_F(job_queue_test, a_copy_of_a_settled_job_sends_nothing) {
  const auto id = db_.create_alert(alert_condition::above, "1");
  db_.fire({id});
  auto relay = this->relay(url_);
  ASSERT_EQ(relay.relay_due(), 1u);
  // The same job once more, as a redelivery or a republished job would bring it.
  {
    amqp_connection publisher(url_, monotonic_);
    declare_job_queues(publisher);
    const outgoing_message copy{"", jobs_queue, encode_job(job{1, 0}), true};
    publisher.publish(std::span<const outgoing_message>(&copy, 1));
  }
  running_worker running(db_, url_, sender_, config());
  EXPECT_TRUE(eventually([&] { return running.mailer.counts().saved.load() == 1; }));
  // Both messages consumed (the queue drains), one mail.
  amqp_connection observer(url_, monotonic_);
  EXPECT_TRUE(eventually([&] { return observer.message_count(jobs_queue) == 0; }));
  EXPECT_EQ(running.mailer.counts().saved.load(), 1u);
  EXPECT_EQ(std::distance(fs::directory_iterator(outbox_), fs::directory_iterator()), 1);
}

TEST_F(job_queue_test, a_job_whose_last_attempt_fails_goes_to_the_dead_letter_queue) {
  const auto id = db_.create_alert(alert_condition::above, "1");
  db_.fire({id});
  // Two attempts failed already; the policy allows three.
  db_.notifications().schedule_retry(1, 2, db_.clock.now(), "421 busy");
  auto relay = this->relay(url_);
  ASSERT_EQ(relay.relay_due(), 1u);
  std::ofstream(db_.directory.path() / "blocker") << "not a folder";
  file_sender broken(db_.directory.path() / "blocker" / "outbox");
  {
    running_worker running(db_, url_, broken, config());
    EXPECT_TRUE(eventually([&] { return running.mailer.counts().failed.load() == 1; }));
  }
  EXPECT_EQ(db_.find(id)->delivery->status, "failed");
  amqp_connection observer(url_, monotonic_);
  EXPECT_TRUE(eventually([&] { return observer.message_count(dead_jobs_queue) == 1; }));
  EXPECT_EQ(observer.message_count(jobs_queue), 0u);
}

TEST_F(job_queue_test, an_unreachable_broker_leaves_the_rows_due_again_soon) {
  const auto id = db_.create_alert(alert_condition::above, "1");
  db_.fire({id});
  auto relay = this->relay("amqp://pricewatch:pricewatch@127.0.0.1:1/%2f");
  EXPECT_THROW(relay.relay_due(), amqp_error);
  // Nothing was claimed while the broker is away: the row is still due now.
  EXPECT_EQ(db_.notifications().next_due(), db_.clock.now());
}

}  // namespace
}  // namespace pricewatch::queue
