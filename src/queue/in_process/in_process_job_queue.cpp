#include "queue/in_process/in_process_job_queue.hpp"

#include "storage/notification_store.hpp"

namespace pricewatch::queue {

std::vector<notification> in_process_job_source::take() { return store_.claim_due(clock_.now(), batch_, lease_, lane_); }

void in_process_job_source::give_back(std::span<const notification> items) {
  if (items.empty()) return;
  std::vector<std::int64_t> ids;
  ids.reserve(items.size());
  for (const auto& item : items) ids.push_back(item.id);
  store_.release(ids, clock_.now());
}

std::unique_ptr<job_source> in_process_job_queue::add_worker(std::optional<channel_type> lane) {
  auto worker = std::make_unique<in_process_job_source>(store_, clock_, batch_, lease_, lane);
  workers_.push_back(worker.get());
  return worker;
}

void in_process_job_queue::outbox_changed() {
  for (auto* worker : workers_) worker->wake();
}

}  // namespace pricewatch::queue
