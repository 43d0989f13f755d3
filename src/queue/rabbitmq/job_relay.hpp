// Hands due outbox rows to the job queue (scale-out mode). Each pass claims due rows with a long
// lease, so that no other relay hands them out meanwhile, publishes one job per row and waits
// for the broker's confirms; rows it could not publish are due again a second later. The outbox
// stays the source of truth: a job lost anywhere is published again when its lease runs out.
// run() is for one thread; wake() and stop() for any.
#pragma once

#include "core/clock.hpp"
#include "core/work_loop.hpp"
#include "queue/outbox_alarm.hpp"
#include "queue/rabbitmq/amqp_connection.hpp"

#include <atomic>
#include <cstdint>

namespace pricewatch {
class notification_store;
}

namespace pricewatch::queue {

struct relay_config {
  std::size_t batch = 500;
  // Longer than a job waits in the queue under any backlog worth having: a shorter lease would
  // publish waiting jobs again (harmless, the claim is exactly-once, but wasteful).
  std::chrono::seconds lease{300};
};

class job_relay {
 public:
  job_relay(notification_store& store, const std::string& amqp_url, const wall_clock& clock,
            const monotonic_clock& monotonic, relay_config config = {});

  // One pass: returns how many jobs it published. Throws when the broker or database fails.
  std::size_t relay_due();

  // Loops until its thread is asked to stop (core/work_loop.hpp), waiting on the outbox's alarm.
  void run(std::stop_token stop);
  void wake() { alarm_.wake(); }

  std::uint64_t published() const { return published_.load(std::memory_order_relaxed); }

 private:
  notification_store& store_;
  amqp_link link_;
  const wall_clock& clock_;
  relay_config config_;
  outbox_alarm alarm_;
  work_loop loop_;
  std::atomic<std::uint64_t> published_{0};
};

}  // namespace pricewatch::queue
