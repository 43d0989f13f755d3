#include "queue/rabbitmq/job_relay.hpp"

#include "queue/rabbitmq/messages.hpp"
#include "queue/rabbitmq/topology.hpp"
#include "storage/notification_store.hpp"

#include <vector>

namespace pricewatch::queue {

job_relay::job_relay(notification_store& store, const std::string& amqp_url, const wall_clock& clock,
                     const monotonic_clock& monotonic, relay_config config)
    : store_(store),
      link_(amqp_url, declare_job_queues, monotonic, 0),
      clock_(clock),
      config_(config),
      alarm_(store, clock) {}

std::size_t job_relay::relay_due() {
  // Connect before claiming: rows are not taken while the broker is known to be away.
  auto& connection = link_.get();
  const auto claimed = store_.claim_due(clock_.now(), config_.batch, config_.lease);
  if (claimed.empty()) return 0;
  std::vector<outgoing_message> jobs;
  jobs.reserve(claimed.size());
  for (const auto& row : claimed) {
    jobs.push_back(outgoing_message{"", jobs_queue, encode_job(job{row.id, row.attempts}), true});
  }
  try {
    connection.publish(jobs);
  } catch (const amqp_error& error) {
    link_.drop(error);
    std::vector<std::int64_t> ids;
    for (const auto& row : claimed) ids.push_back(row.id);
    store_.release(ids, clock_.now() + std::chrono::seconds(1));
    throw;
  }
  published_.fetch_add(claimed.size(), std::memory_order_relaxed);
  return claimed.size();
}

void job_relay::run(std::stop_token stop) {
  loop_.run(
      "job relay", [this] { return relay_due(); }, [this](std::stop_token waiting) { alarm_.wait(std::move(waiting)); },
      std::move(stop));
}

}  // namespace pricewatch::queue
