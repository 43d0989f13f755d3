#include "queue/job_queue.hpp"

#include "queue/in_process/in_process_job_queue.hpp"
#include "queue/queue_url.hpp"
#if PRICEWATCH_HAS_RABBITMQ
#include "queue/rabbitmq/rabbitmq_job_queue.hpp"
#endif

namespace pricewatch::queue {

// monotonic goes unused in a build without RabbitMQ.
std::unique_ptr<job_queue> make_job_queue(const job_queue_config& config, notification_store& store,
                                          const wall_clock& clock, [[maybe_unused]] const monotonic_clock& monotonic) {
  switch (queue_backend_of(config.url)) {
    case queue_backend::rabbitmq:
#if PRICEWATCH_HAS_RABBITMQ
      return std::make_unique<rabbitmq_job_queue>(config.url, store, config.relay, clock, monotonic);
#else
      throw_built_without_rabbitmq();
#endif
    case queue_backend::in_process:
      break;
  }
  // A batch per claim. One row per claim (a hanging mail server then holds up only its own row;
  // tests/fault/smtp_faults_test.cpp) was tried and reverted: it cost storm throughput and split
  // a channel's held deliveries into one digest per row (tests/e2e/quiet_hours_test.cpp). Instead
  // a worker whose send hangs hands the rest of its batch back (notify/stall_watch.hpp).
  return std::make_unique<in_process_job_queue>(store, clock, config.batch, config.lease);
}

}  // namespace pricewatch::queue
