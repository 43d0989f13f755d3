// The embedded mode's delivery path with its real threads, for ThreadSanitizer (the tsan preset
// builds this suite alone in minutes, where the whole server takes an hour): three notifier
// threads, each with its own job source, sender and stall watch, on one SQLite outbox, while
// another thread fires alerts and wakes them (outbox_changed), and one send in three lasts long
// enough for the stall watch to hand the rest of its batch back. Every alert is mailed exactly
// once, and TSan reports no race; also with the workers' outcomes written together (group_commit),
// as the service writes them.
#include "notify/notifier.hpp"

#include "core/random.hpp"
#include "notify/email_channel.hpp"
#include "notify/group_commit.hpp"
#include "notify/mail_sender.hpp"
#include "notify/stall_watch.hpp"
#include "queue/in_process/in_process_job_queue.hpp"
#include "storage/notification_store.hpp"
#include "eventually.hpp"
#include "outbox_database.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

// What every worker's sender accepted, by Message-ID; shared between the worker threads.
class mailbox {
 public:
  void add(const std::string& message_id) {
    const std::lock_guard lock(mutex_);
    ++copies_[message_id];
  }
  std::map<std::string, int> copies() const {
    const std::lock_guard lock(mutex_);
    return copies_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int> copies_;
};

// One worker's connection: every third send hangs past the stall time (polled as libcurl does).
class worker_sender final : public mail_sender {
 public:
  worker_sender(mailbox& box, stall_watch& watch) : box_(box), watch_(watch) {}
  std::optional<send_failure> send(const mail_message& message) override {
    if (++sends_ % 3 == 0) {
      for (int poll = 0; poll < 4; ++poll) {
        std::this_thread::sleep_for(10ms);  // a slow server, played for real
        watch_.poll();
      }
    }
    box_.add(message.message_id);
    return std::nullopt;
  }

 private:
  mailbox& box_;
  stall_watch& watch_;
  int sends_ = 0;
};

struct worker {
  worker(notification_store& store, queue::in_process_job_queue& jobs, mailbox& box, const wall_clock& clock,
         const monotonic_clock& monotonic, random_source& random, group_commit* outcomes)
      : watch(monotonic),
        sender(box, watch),
        email(sender, "alerts@example.com", clock),
        source(jobs.add_worker(std::nullopt)),
        mailer(store, *source, email, clock, random, config(outcomes)) {}
  notifier_config config(group_commit* outcomes) {
    notifier_config settings{retry_policy{1000ms, 300'000ms, 3}, nullptr, {}};
    settings.stalls = &watch;
    settings.stall_after = 20ms;
    settings.outcomes = outcomes;
    return settings;
  }
  stall_watch watch;
  worker_sender sender;
  email_channel email;
  std::unique_ptr<queue::job_source> source;
  notifier mailer;
};

// Three workers and a firing thread; with together, their outcomes go through one group commit.
void mail_every_alert_once(bool together) {
  test_support::outbox_database db;
  auto& database = db.database;
  system_wall_clock clock;
  steady_monotonic_clock monotonic;
  fixed_random random(0.5);
  mailbox box;
  queue::in_process_job_queue jobs(database->notifications(), clock, 10, 60s);
  group_commit outcomes(database->notifications());
  std::vector<std::unique_ptr<worker>> workers;
  for (int index = 0; index < 3; ++index) {
    workers.push_back(std::make_unique<worker>(database->notifications(), jobs, box, clock, monotonic, random,
                                               together ? &outcomes : nullptr));
  }
  std::vector<std::jthread> threads;
  for (auto& each : workers) {
    threads.emplace_back([&each](std::stop_token stop) { each->mailer.run(stop); });
  }

  constexpr int rounds = 20, per_round = 10;
  std::jthread firing([&] {
    for (int round = 0; round < rounds; ++round) {
      std::vector<std::int64_t> batch;
      for (int index = 0; index < per_round; ++index) {
        batch.push_back(db.create_alert(alert_condition::above, "51000"));
      }
      db.fire(batch);
      jobs.outbox_changed();
    }
  });
  firing.join();
  const std::size_t total = rounds * per_round;
  EXPECT_TRUE(test_support::eventually([&] { return box.copies().size() >= total; }, 60s)) << box.copies().size();
  for (auto& thread : threads) thread.request_stop();
  threads.clear();

  const auto copies = box.copies();
  int doubled = 0;
  for (const auto& [id, count] : copies) doubled += count - 1;
  EXPECT_EQ(copies.size(), total);
  EXPECT_EQ(doubled, 0);
  EXPECT_EQ(database->notifications().count_by_status()[notification_status::sent], static_cast<std::int64_t>(total));
}

TEST(delivery_race, workers_and_a_firing_thread_mail_every_alert_once) { mail_every_alert_once(false); }

TEST(delivery_race, workers_writing_their_outcomes_together_mail_every_alert_once) { mail_every_alert_once(true); }

}  // namespace
}  // namespace pricewatch
