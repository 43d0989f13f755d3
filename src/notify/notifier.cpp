#include "notify/notifier.hpp"

#include "storage/notification_store.hpp"

#include <spdlog/spdlog.h>

namespace pricewatch {

notifier::notifier(notification_store& store, mail_sender& sender, const wall_clock& clock, notifier_config config)
    : store_(store), sender_(sender), clock_(clock), config_(std::move(config)), random_(std::random_device{}()) {}

std::size_t notifier::deliver_due() {
  const auto claimed = store_.claim_due(clock_.now(), config_.batch, config_.lease);
  for (const auto& item : claimed) deliver(item);
  return claimed.size();
}

notifier::outcome notifier::deliver(const notification& item) {
  const auto message = compose_alert_mail(item, config_.from, clock_.now());
  // No retry can make an address sendable: it fails at once, with the reason.
  if (auto refused = unsendable_address(message.to)) {
    return fail(item, item.attempts + 1, "recipient " + *refused);
  }
  return settle(item, sender_.send(message));
}

notifier::outcome notifier::fail(const notification& item, std::int64_t attempts, const std::string& reason) {
  store_.mark_failed(item.id, attempts, reason);
  counts_.failed.fetch_add(1, std::memory_order_relaxed);
  spdlog::error("notification {} for alert {} failed after {} attempts: {}", item.id, item.alert_id, attempts, reason);
  return outcome::failed;
}

notifier::outcome notifier::settle(const notification& item, const std::optional<std::string>& error) {
  const auto attempts = item.attempts + 1;
  if (!error) {
    store_.mark_sent(item.id, attempts, clock_.now());
    counts_.sent.fetch_add(1, std::memory_order_relaxed);
    spdlog::debug("notification {} for alert {} sent to {}", item.id, item.alert_id, item.recipient);
    return outcome::sent;
  }
  const auto delay = config_.retries.delay_after(attempts, std::uniform_real_distribution<double>(0, 1)(random_));
  if (!delay) return fail(item, attempts, *error);
  store_.schedule_retry(item.id, attempts, clock_.now() + *delay, *error);
  counts_.retried.fetch_add(1, std::memory_order_relaxed);
  spdlog::warn("notification {} for alert {} not sent (attempt {}), retrying in {} ms: {}", item.id, item.alert_id,
               attempts, delay->count(), *error);
  return outcome::retried;
}

void notifier::run() {
  loop_.run("notifier", [this] { return deliver_due(); }, [this] { return store_.next_due(); });
}

void notifier::wake() { loop_.wake(); }

void notifier::stop() { loop_.stop(); }

}  // namespace pricewatch
