#include "notify/notifier.hpp"

#include "storage/notification_store.hpp"

#include <spdlog/spdlog.h>

namespace pricewatch {

notifier::notifier(notification_store& store, mail_sender& sender, const wall_clock& clock, notifier_config config)
    : store_(store), sender_(sender), clock_(clock), config_(std::move(config)), random_(std::random_device{}()) {}

std::size_t notifier::deliver_due() {
  const auto claimed = store_.claim_due(clock_.now(), config_.batch, config_.lease);
  for (const auto& item : claimed) {
    settle(item, sender_.send(compose_alert_mail(item, config_.from, clock_.now())));
  }
  return claimed.size();
}

void notifier::settle(const notification& item, const std::optional<std::string>& error) {
  const auto attempts = item.attempts + 1;
  if (!error) {
    store_.mark_sent(item.id, attempts, clock_.now());
    counts_.sent.fetch_add(1, std::memory_order_relaxed);
    spdlog::debug("notification {} for alert {} sent to {}", item.id, item.alert_id, item.recipient);
    return;
  }
  const auto delay = config_.retries.delay_after(attempts, std::uniform_real_distribution<double>(0, 1)(random_));
  if (!delay) {
    store_.mark_failed(item.id, attempts, *error);
    counts_.failed.fetch_add(1, std::memory_order_relaxed);
    spdlog::error("notification {} for alert {} failed after {} attempts: {}", item.id, item.alert_id, attempts, *error);
    return;
  }
  store_.schedule_retry(item.id, attempts, clock_.now() + *delay, *error);
  counts_.retried.fetch_add(1, std::memory_order_relaxed);
  spdlog::warn("notification {} for alert {} not sent (attempt {}), retrying in {} ms: {}", item.id, item.alert_id,
               attempts, delay->count(), *error);
}

void notifier::run() {
  auto backoff = std::chrono::milliseconds(100);
  while (true) {
    std::optional<time_point> next;
    try {
      // Drain everything due before sleeping: a storm queues far more than one batch.
      while (deliver_due() > 0) {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
      next = store_.next_due();
      backoff = std::chrono::milliseconds(100);
    } catch (const std::exception& failure) {
      spdlog::error("notifier: {}; retrying in {} ms", failure.what(), backoff.count());
      next = clock_.now() + backoff;
      backoff = std::min(backoff * 2, std::chrono::milliseconds(10'000));
    }
    std::unique_lock lock(mutex_);
    const auto limit = std::chrono::system_clock::now() + std::chrono::seconds(1);
    const auto until = next ? std::min(*next, limit) : limit;
    wakeup_.wait_until(lock, until, [this] { return woken_ || stopping_; });
    if (stopping_) return;
    woken_ = false;
  }
}

void notifier::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_one();
}

void notifier::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_one();
}

}  // namespace pricewatch
