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
  // One row per claim: a worker sends its rows one after another, so rows it claimed beyond the
  // one it sends wait behind that send; a mail server that hangs a connection (a tarpit, until
  // the 30 s SMTP timeout) held up a whole batch of 100 while the other workers sat idle
  // (tests/fault/smtp_faults_test.cpp). config.batch stays the relay's (RabbitMQ mode).
  constexpr std::size_t rows_per_claim = 1;
  return std::make_unique<in_process_job_queue>(store, clock, rows_per_claim, config.lease);
}

}  // namespace pricewatch::queue
