#include "events/event_hub.hpp"

#include <utility>

namespace pricewatch {

event_subscription::event_subscription(event_hub& hub, std::string topic, std::size_t capacity)
    : hub_(hub), topic_(std::move(topic)), capacity_(capacity) {}

event_subscription::~event_subscription() { hub_.remove(this); }

void event_subscription::on_event(std::function<void()> notify) {
  std::lock_guard lock(mutex_);
  notify_ = std::move(notify);
}

std::vector<stream_event> event_subscription::take(std::uint64_t& dropped) {
  std::lock_guard lock(mutex_);
  std::vector<stream_event> events(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  dropped = std::exchange(dropped_, 0);
  return events;
}

void event_subscription::push(const stream_event& event) {
  std::function<void()> notify;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() == capacity_) {
      queue_.pop_front();
      ++dropped_;
    }
    queue_.push_back(event);
    notify = notify_;
  }
  if (notify) notify();
}

std::unique_ptr<event_subscription> event_hub::subscribe(const std::string& topic, std::size_t capacity) {
  auto subscription = std::make_unique<event_subscription>(*this, topic, capacity);
  std::lock_guard lock(mutex_);
  subscriptions_.emplace(topic, subscription.get());
  return subscription;
}

void event_hub::publish(const std::string& topic, const stream_event& event) {
  std::lock_guard lock(mutex_);
  const auto [first, last] = subscriptions_.equal_range(topic);
  for (auto item = first; item != last; ++item) item->second->push(event);
}

void event_hub::remove(event_subscription* subscription) {
  std::lock_guard lock(mutex_);
  const auto [first, last] = subscriptions_.equal_range(subscription->topic_);
  for (auto item = first; item != last; ++item) {
    if (item->second == subscription) {
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
