// The scale-out job queue: a relay (in watchers and notifiers) publishes due outbox rows as
// jobs; each worker consumes jobs on a broker connection of its own, claims the job's row
// (exactly once, whatever copies of the job exist) and acknowledges the job only once the
// outcome is in the database, so a crash anywhere leaves the job in the queue. A job whose last
// attempt failed is rejected to the dead-letter queue.
#pragma once

#include "core/stoppable_sleep.hpp"
#include "queue/job_queue.hpp"
#include "queue/rabbitmq/amqp_connection.hpp"
#include "queue/rabbitmq/job_relay.hpp"

#include <map>
#include <thread>

namespace pricewatch::queue {

struct consumer_config {
  std::uint16_t prefetch = 50;
  std::chrono::seconds lease{60};  // a claimed row is published again if not settled by then
};

class rabbitmq_job_source final : public job_source {
 public:
  rabbitmq_job_source(notification_store& store, const std::string& amqp_url, const wall_clock& clock,
                      const monotonic_clock& monotonic, consumer_config config = {});

  // At most one job, waiting up to half a second for it.
  std::vector<notification> take() override;
  // Pauses only while the broker is unreachable.
  void wait(std::stop_token stop) override;
  void settled(const notification& item, bool failed) override;
  void unsettled(const notification& item) override;
  void give_back(std::span<const notification> items) override;

 private:
  // Acknowledges or rejects the job of a taken row; a broken connection hands it back to the
  // broker, whose copy then claims nothing.
  void answer(const notification& item, bool acknowledge, bool requeue);
  // Closes the connection after a failure and forgets the delivery tags that were its own.
  void drop(const std::exception& failure);

  notification_store& store_;
  amqp_link link_;
  const wall_clock& clock_;
  consumer_config config_;
  std::map<std::int64_t, std::uint64_t> delivery_tags_;  // of the rows taken, by id
  bool broker_away_ = false;
  stoppable_sleep pause_;
};

class rabbitmq_job_queue final : public job_queue {
 public:
  rabbitmq_job_queue(std::string amqp_url, notification_store& store, bool relay, const wall_clock& clock,
                     const monotonic_clock& monotonic);
  ~rabbitmq_job_queue() override { stop(); }

  // One queue of jobs for every channel type: a worker takes whatever job comes next.
  std::unique_ptr<job_source> add_worker(std::optional<channel_type> lane) override;
  bool lanes() const override { return false; }
  void outbox_changed() override;
  void start() override;
  void stop() override;

 private:
  std::string url_;
  notification_store& store_;
  const wall_clock& clock_;
  const monotonic_clock& monotonic_;
  std::unique_ptr<job_relay> relay_;
  std::jthread relay_thread_;
};

}  // namespace pricewatch::queue
