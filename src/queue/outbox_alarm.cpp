#include "queue/outbox_alarm.hpp"

#include "storage/notification_store.hpp"

#include <algorithm>

namespace pricewatch::queue {

void outbox_alarm::wait(std::stop_token stop) {
  const auto limit = clock_.now() + std::chrono::seconds(1);
  const auto next = store_.next_due(lane_);
  sleep_.sleep_until(std::move(stop), next ? std::min(*next, limit) : limit);
}

}  // namespace pricewatch::queue
