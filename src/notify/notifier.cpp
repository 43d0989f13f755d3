#include "notify/notifier.hpp"

#include "core/backend_error.hpp"
#include "queue/job_queue.hpp"
#include "storage/channel_store.hpp"
#include "storage/notification_store.hpp"

#include <spdlog/spdlog.h>

namespace pricewatch {

notifier::notifier(notification_store& store, queue::job_source& jobs, channel& through, const wall_clock& clock,
                   random_source& random, notifier_config config)
    : store_(store),
      jobs_(jobs),
      channel_(through),
      clock_(clock),
      random_(random),
      config_(std::move(config)) {}

std::size_t notifier::deliver_due() {
  record_kept();
  const auto taken = jobs_.take();
  for (std::size_t index = 0; index < taken.size(); ++index) {
    const auto& item = taken[index];
    try {
      jobs_.settled(item, deliver(item) == outcome::failed);
    } catch (const backend_error&) {
      // Its outcome is kept; the rest go back unsent, due now rather than after their lease, as
      // soon as the database takes that (kept too, if not now).
      jobs_.unsettled(item);
      const auto rest = std::span(taken).subspan(index + 1);
      if (!rest.empty()) {
        try {
          record([this, rest = std::vector<notification>(rest.begin(), rest.end())] { jobs_.give_back(rest); });
        } catch (const backend_error&) {
          // Kept: written before the next take.
        }
      }
      throw;
    }
  }
  return taken.size();
}

void notifier::record(std::function<void()> write) {
  try {
    write();
  } catch (const backend_error&) {
    kept_.push_back(std::move(write));
    throw;
  }
}

void notifier::record_kept() {
  while (!kept_.empty()) {
    kept_.front()();
    kept_.pop_front();
  }
}


notifier::outcome notifier::fail(const notification& item, std::int64_t attempts, const std::string& reason) {
  counts_.failed.fetch_add(1, std::memory_order_relaxed);
  spdlog::error("notification {} for alert {} failed after {} attempts: {}", item.id, item.alert_id, attempts, reason);
  record([this, id = item.id, attempts, reason] { store_.mark_failed(id, attempts, reason); });
  return outcome::failed;
}

notifier::outcome notifier::deliver(const notification& item) {
  const auto attempts = item.attempts + 1;
  const auto sent = channel_.send(item);
  if (sent) {
    counts_.sent.fetch_add(1, std::memory_order_relaxed);
    spdlog::debug("notification {} for alert {} sent to {}", item.id, item.alert_id, item.recipient);
    record([this, id = item.id, attempts, at = clock_.now()] { store_.mark_sent(id, attempts, at); });
    if (config_.channels != nullptr && item.channel_id) {
      record([this, channel = *item.channel_id] { config_.channels->record_success(channel); });
    }
    return outcome::sent;
  }
  const auto& error = sent.error().reason;
  // Refused for good: no retry can change the answer, so it fails now with the reason.
  if (sent.error().permanent) {
    if (config_.channels != nullptr && item.channel_id) {
      record([this, channel = *item.channel_id, reason = error] {
        if (config_.channels->record_permanent_failure(channel, reason, permanent_failures_to_disable)) {
          spdlog::warn("channel {} disabled after {} permanent failures in a row: {}", channel,
                       permanent_failures_to_disable, reason);
        }
      });
    }
    return fail(item, attempts, error);
  }
  auto delay = config_.retries.delay_after(attempts, random_.uniform());
  if (!delay) return fail(item, attempts, error);
  // The service said when it wants the next attempt: never sooner.
  if (const auto asked = sent.error().retry_after) {
    delay = std::max(*delay, std::chrono::duration_cast<std::chrono::milliseconds>(*asked));
  }
  counts_.retried.fetch_add(1, std::memory_order_relaxed);
  spdlog::warn("notification {} for alert {} not sent (attempt {}), retrying in {} ms: {}", item.id, item.alert_id,
               attempts, delay->count(), error);
  record([this, id = item.id, attempts, at = clock_.now() + *delay, reason = error] {
    store_.schedule_retry(id, attempts, at, reason);
  });
  return outcome::retried;
}

void notifier::run(std::stop_token stop) {
  loop_.run(
      "notifier", [this] { return deliver_due(); }, [this](std::stop_token waiting) { jobs_.wait(std::move(waiting)); },
      std::move(stop));
}

}  // namespace pricewatch
