// Consumes notification jobs (scale-out mode): claims each job's outbox row, sends it through its
// notifier, and acknowledges only once the outcome is in the database, so a crash anywhere leaves
// the job in the queue. A job whose last attempt failed is rejected to the dead-letter queue.
// One thread and one broker connection each; several run side by side. run() for one thread (a
// std::jthread's, stopped with request_stop()).
#pragma once

#include "core/clock.hpp"
#include "queue/amqp/amqp_connection.hpp"

#include "core/stoppable_sleep.hpp"

#include <stop_token>

namespace pricewatch {
class notification_store;
class notifier;
}  // namespace pricewatch

namespace pricewatch::queue {

struct consumer_config {
  std::uint16_t prefetch = 50;
  std::chrono::seconds lease{60};  // a claimed row is published again if not settled by then
};

class job_consumer {
 public:
  job_consumer(notification_store& store, notifier& mailer, const std::string& amqp_url, const wall_clock& clock,
               consumer_config config = {});

  void run(std::stop_token stop);

 private:
  void handle(amqp_connection& connection, const incoming_message& message);

  notification_store& store_;
  notifier& mailer_;
  amqp_link link_;
  const wall_clock& clock_;
  consumer_config config_;
  stoppable_sleep sleep_;
};

}  // namespace pricewatch::queue
