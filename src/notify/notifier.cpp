#include "notify/notifier.hpp"

#include "core/backend_error.hpp"
#include "notify/stall_watch.hpp"
#include "queue/job_queue.hpp"
#include "storage/channel_store.hpp"
#include "storage/notification_store.hpp"

#include <spdlog/spdlog.h>

#include <map>

namespace pricewatch {

notifier::notifier(notification_store& store, queue::job_source& jobs, channel& through, const wall_clock& clock,
                   random_source& random, notifier_config config)
    : store_(store),
      jobs_(jobs),
      channel_(through),
      clock_(clock),
      random_(random),
      config_(std::move(config)) {}

std::vector<std::vector<std::size_t>> delivery_units(std::span<const notification> taken) {
  std::vector<std::vector<std::size_t>> units;
  std::map<std::pair<std::int64_t, int>, std::size_t> digest_of_channel;  // (channel, type) -> unit
  for (std::size_t index = 0; index < taken.size(); ++index) {
    const auto& item = taken[index];
    if (!item.held_until) {
      units.push_back({index});
      continue;
    }
    const auto key = std::make_pair(item.channel_id.value_or(-item.user_id), static_cast<int>(item.channel));
    const auto [found, added] = digest_of_channel.try_emplace(key, units.size());
    if (added) units.emplace_back();
    units[found->second].push_back(index);
  }
  return units;
}

std::size_t notifier::deliver_due() {
  record_kept();
  const auto taken = jobs_.take();
  const auto units = delivery_units(taken);
  std::size_t settled = 0;
  for (std::size_t unit = 0; unit < units.size(); ++unit) {
    // While this send hangs, the rest of the batch goes back for other workers to send.
    bool handed_back = false;
    if (config_.stalls != nullptr && unit + 1 < units.size()) {
      config_.stalls->arm(config_.stall_after, [this, &taken, &units, unit, &handed_back] {
        handed_back = give_back_after(taken, units, unit);
      });
    }
    try {
      outcome done = outcome::sent;
      if (units[unit].size() == 1) {
        done = deliver(taken[units[unit].front()]);
      } else {
        std::vector<notification> parts;
        for (const auto index : units[unit]) parts.push_back(taken[index]);
        done = deliver_digest(parts);
      }
      if (config_.stalls != nullptr) config_.stalls->disarm();
      for (const auto index : units[unit]) jobs_.settled(taken[index], done == outcome::failed);
      settled += units[unit].size();
    } catch (const backend_error&) {
      if (config_.stalls != nullptr) config_.stalls->disarm();
      // Its outcome is kept; the rest go back unsent, due now rather than after their lease, as
      // soon as the database takes that (kept too, if not now).
      for (const auto index : units[unit]) jobs_.unsettled(taken[index]);
      std::vector<notification> rest;
      for (auto later = unit + 1; later < units.size() && !handed_back; ++later) {
        for (const auto index : units[later]) rest.push_back(taken[index]);
      }
      if (!rest.empty()) {
        try {
          record([this, rest = std::move(rest)] { jobs_.give_back(rest); });
        } catch (const backend_error&) {
          // Kept: written before the next take.
        }
      }
      throw;
    }
    if (handed_back) break;
  }
  return settled;
}

bool notifier::give_back_after(std::span<const notification> taken, const std::vector<std::vector<std::size_t>>& units,
                               std::size_t unit) {
  std::vector<notification> rest;
  for (auto later = unit + 1; later < units.size(); ++later) {
    for (const auto index : units[later]) rest.push_back(taken[index]);
  }
  const auto& hung = taken[units[unit].front()];
  try {
    jobs_.give_back(rest);
  } catch (const backend_error& error) {
    // They stay this worker's, sent after the hung one as before.
    spdlog::warn("notification {} for alert {} hangs; the {} after it could not be handed back: {}", hung.id,
                 hung.alert_id, rest.size(), error.what());
    return false;
  }
  spdlog::warn("notification {} for alert {} hangs after {} ms: the {} after it handed back to other workers",
               hung.id, hung.alert_id, config_.stall_after.count(), rest.size());
  return true;
}

notifier::outcome notifier::deliver_digest(const std::vector<notification>& items) {
  auto digest = items.front();
  digest.digest_of = items;
  const auto sent = channel_.send(digest);
  if (sent) {
    spdlog::debug("digest of {} notifications {} to {}", items.size(), *sent == delivered::saved ? "saved" : "sent",
                  digest.recipient);
    // One write for the whole digest, as for its failure: kept or done together.
    (*sent == delivered::saved ? counts_.saved : counts_.sent).fetch_add(items.size(), std::memory_order_relaxed);
    record([this, items, how = *sent, at = clock_.now()] {
      for (const auto& item : items) {
        if (how == delivered::saved) {
          store_.mark_saved(item.id, item.attempts + 1, at);
        } else {
          store_.mark_sent(item.id, item.attempts + 1, at);
        }
      }
    });
    if (config_.channels != nullptr && digest.channel_id) {
      record([this, channel = *digest.channel_id] { config_.channels->record_success(channel); });
    }
    return outcome::sent;
  }
  const auto& error = sent.error();
  if (error.deferred) {
    counts_.retried.fetch_add(items.size(), std::memory_order_relaxed);
    record([this, items, at = clock_.now() + error.retry_after.value_or(std::chrono::milliseconds(0))] {
      for (const auto& item : items) store_.schedule_retry(item.id, item.attempts, at, "waiting its turn");
    });
    return outcome::retried;
  }
  auto delay = config_.retries.delay_after(digest.attempts + 1, random_.uniform());
  if (delay && error.retry_after) {
    delay = std::max(*delay, *error.retry_after);
  }
  if (error.permanent || !delay) {
    counts_.failed.fetch_add(items.size(), std::memory_order_relaxed);
    spdlog::error("digest of {} notifications failed: {}", items.size(), error.reason);
    record([this, items, reason = error.reason] {
      for (const auto& item : items) store_.mark_failed(item.id, item.attempts + 1, reason);
    });
    return outcome::failed;
  }
  counts_.retried.fetch_add(items.size(), std::memory_order_relaxed);
  spdlog::warn("digest of {} notifications not sent, retrying in {} ms: {}", items.size(), delay->count(), error.reason);
  // Still held rows: when due again, they go out together again.
  record([this, items, at = clock_.now() + *delay, reason = error.reason] {
    for (const auto& item : items) store_.schedule_retry(item.id, item.attempts + 1, at, reason);
  });
  return outcome::retried;
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

void notifier::record_delivered(const notification& item, std::int64_t attempts, delivered how, time_point at) {
  (how == delivered::saved ? counts_.saved : counts_.sent).fetch_add(1, std::memory_order_relaxed);
  record([this, id = item.id, attempts, how, at] {
    if (how == delivered::saved) {
      store_.mark_saved(id, attempts, at);
    } else {
      store_.mark_sent(id, attempts, at);
    }
  });
}

notifier::outcome notifier::deliver(const notification& item) {
  if (!item.held_until && config_.hold) {
    // Quiet hours or a digest window: it waits, its attempts as they were, and goes out in a
    // digest when released.
    if (const auto until = config_.hold(item)) {
      counts_.held.fetch_add(1, std::memory_order_relaxed);
      record([this, id = item.id, attempts = item.attempts, until = *until] { store_.hold(id, attempts, until); });
      return outcome::retried;
    }
  }
  const auto attempts = item.attempts + 1;
  const auto sent = channel_.send(item);
  if (sent) {
    spdlog::debug("notification {} for alert {} {} to {}", item.id, item.alert_id,
                  *sent == delivered::saved ? "saved" : "sent", item.recipient);
    record_delivered(item, attempts, *sent, clock_.now());
    if (config_.channels != nullptr && item.channel_id) {
      record([this, channel = *item.channel_id] { config_.channels->record_success(channel); });
    }
    return outcome::sent;
  }
  const auto& error = sent.error().reason;
  if (sent.error().deferred) {
    // The destination's rate limit has no room yet: due again when it has, not an attempt. The
    // worker goes on with other rows instead of sleeping.
    counts_.retried.fetch_add(1, std::memory_order_relaxed);
    record([this, id = item.id, attempts = item.attempts,
            at = clock_.now() + sent.error().retry_after.value_or(std::chrono::milliseconds(0)), reason = error] {
      store_.schedule_retry(id, attempts, at, reason);
    });
    return outcome::retried;
  }
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
  // One retry stage, one backoff: the schedule's delay, or the service's wait if longer (never sooner).
  if (const auto asked = sent.error().retry_after) delay = std::max(*delay, *asked);
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
