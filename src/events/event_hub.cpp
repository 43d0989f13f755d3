#include "events/event_hub.hpp"

#include <utility>

namespace pricewatch {

event_subscription::event_subscription(event_hub& hub, std::string topic, std::size_t capacity)
    : hub_(hub), topic_(std::move(topic)), queue_(std::make_shared<queue>(capacity)) {}

event_subscription::~event_subscription() { hub_.remove(topic_, queue_.get()); }

void event_subscription::on_event(std::function<void()> notify) {
  std::lock_guard lock(queue_->mutex);
  queue_->notify = std::move(notify);
}

std::vector<stream_event> event_subscription::take(std::uint64_t& dropped) {
  std::lock_guard lock(queue_->mutex);
  auto& events = queue_->events;
  std::vector<stream_event> taken(std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
  events.clear();
  dropped = std::exchange(queue_->dropped, 0);
  return taken;
}

void event_subscription::queue::push(const stream_event& event) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex);
    if (events.size() == capacity) {
      events.pop_front();
      ++dropped;
    }
    events.push_back(event);
    wake = notify;
  }
  if (wake) wake();
}

std::unique_ptr<event_subscription> event_hub::subscribe(const std::string& topic, std::size_t capacity) {
  auto subscription = std::make_unique<event_subscription>(*this, topic, capacity);
  std::lock_guard lock(mutex_);
  subscriptions_.emplace(topic, subscription->queue_);
  return subscription;
}

void event_hub::publish(const std::string& topic, const stream_event& event) {
  std::vector<std::shared_ptr<event_subscription::queue>> receivers;
  {
    std::lock_guard lock(mutex_);
    const auto [first, last] = subscriptions_.equal_range(topic);
    for (auto item = first; item != last; ++item) receivers.push_back(item->second);
  }
  for (const auto& receiver : receivers) receiver->push(event);
}

void event_hub::remove(const std::string& topic, const event_subscription::queue* subscriber) {
  std::lock_guard lock(mutex_);
  const auto [first, last] = subscriptions_.equal_range(topic);
  for (auto item = first; item != last; ++item) {
    if (item->second.get() == subscriber) {
      subscriptions_.erase(item);
      return;
    }
  }
}

bool event_hub::has_subscribers(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  return subscriptions_.contains(topic);
}

std::size_t event_hub::subscribers() const {
  std::lock_guard lock(mutex_);
  return subscriptions_.size();
}

}  // namespace pricewatch
