#include "notify/notifier.hpp"

#include "core/backend_error.hpp"
#include "notify/group_commit.hpp"
#include "notify/stall_watch.hpp"
#include "queue/job_queue.hpp"
#include "storage/channel_store.hpp"
#include "storage/notification_store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
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
  if (taken.empty()) return 0;
  // Each channel is read once per pass: a change made meanwhile shows from the next pass on.
  channel_.refresh();
  const auto units = delivery_units(taken);
  std::size_t settled = 0;
  for (std::size_t first = 0; first < units.size();) {
    const auto end = wave_end(taken, units, first);
    // While this wave's sends hang, the rest of the batch goes back for other workers to send.
    bool handed_back = false;
    if (config_.stalls != nullptr && end < units.size()) {
      config_.stalls->arm(config_.stall_after, [this, &taken, &units, end, &handed_back] {
        handed_back = give_back_from(taken, units, end);
      });
    }
    try {
      const auto done = deliver_wave(taken, units, first, end);
      if (config_.stalls != nullptr) config_.stalls->disarm();
      for (auto unit = first; unit < end; ++unit) {
        for (const auto index : units[unit]) jobs_.settled(taken[index], done[unit - first] == outcome::failed);
        settled += units[unit].size();
      }
    } catch (const backend_error&) {
      if (config_.stalls != nullptr) config_.stalls->disarm();
      // The wave's outcomes are kept; the rest go back unsent, due now rather than after their
      // lease, as soon as the database takes that (kept too, if not now).
      for (auto unit = first; unit < end; ++unit) {
        for (const auto index : units[unit]) jobs_.unsettled(taken[index]);
      }
      std::vector<notification> rest;
      for (auto later = end; later < units.size() && !handed_back; ++later) {
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
    first = end;
  }
  return settled;
}

std::size_t notifier::wave_end(std::span<const notification> taken, const std::vector<std::vector<std::size_t>>& units,
                               std::size_t first) {
  if (units[first].size() > 1) return first + 1;  // a digest goes alone
  const auto& lead = taken[units[first].front()];
  const auto limit = channel_.in_flight(lead);
  auto end = first + 1;
  while (end < units.size() && end - first < limit && units[end].size() == 1 &&
         taken[units[end].front()].channel == lead.channel) {
    ++end;
  }
  return end;
}

bool notifier::give_back_from(std::span<const notification> taken, const std::vector<std::vector<std::size_t>>& units,
                              std::size_t from) {
  std::vector<notification> rest;
  for (auto later = from; later < units.size(); ++later) {
    for (const auto index : units[later]) rest.push_back(taken[index]);
  }
  const auto& hung = taken[units[from - 1].front()];
  try {
    jobs_.give_back(rest);
  } catch (const backend_error& error) {
    // They stay this worker's, sent after the hung ones as before.
    spdlog::warn("notification {} for alert {} hangs; the {} after it could not be handed back: {}", hung.id,
                 hung.alert_id, rest.size(), error.what());
    return false;
  }
  spdlog::warn("notification {} for alert {} hangs after {} ms: the {} after it handed back to other workers",
               hung.id, hung.alert_id, config_.stall_after.count(), rest.size());
  return true;
}

std::vector<notifier::outcome> notifier::deliver_wave(std::span<const notification> taken,
                                                      const std::vector<std::vector<std::size_t>>& units,
                                                      std::size_t first, std::size_t end) {
  if (units[first].size() > 1) {
    std::vector<notification> parts;
    for (const auto index : units[first]) parts.push_back(taken[index]);
    return {deliver_digest(parts)};
  }
  std::vector<outcome> done(end - first, outcome::sent);
  std::vector<delivery_outcome> stored;
  std::vector<notification> sending;
  std::vector<std::size_t> sending_unit;  // each sent row's place in the wave
  for (auto unit = first; unit < end; ++unit) {
    const auto& item = taken[units[unit].front()];
    if (!item.held_until && config_.hold) {
      // Quiet hours or a digest window: it waits, its attempts as they were, and goes out in a
      // digest when released.
      if (const auto until = config_.hold(item)) {
        counts_.held.fetch_add(1, std::memory_order_relaxed);
        stored.push_back({delivery_outcome::kind::held, item.id, item.attempts, *until, {}});
        done[unit - first] = outcome::retried;
        continue;
      }
    }
    sending.push_back(item);
    sending_unit.push_back(unit - first);
  }
  std::vector<send_result> results;
  if (sending.size() == 1) {
    results.push_back(channel_.send(sending.front()));
  } else if (!sending.empty()) {
    results = channel_.send_all(sending);
  }
  // What to tell of each channel, in the rows' order (a failure after a success still counts
  // as one in a row); a run of successes of one channel is told once.
  std::vector<std::pair<std::int64_t, std::optional<std::string>>> health;
  for (std::size_t at = 0; at < sending.size(); ++at) {
    auto verdict = judge(sending[at], results[at]);
    done[sending_unit[at]] = verdict.done;
    stored.push_back(std::move(verdict.stored));
    if (!sending[at].channel_id) continue;
    const auto channel = *sending[at].channel_id;
    if (verdict.permanent_refusal) {
      health.emplace_back(channel, verdict.permanent_refusal);
    } else if (verdict.channel_succeeded) {
      const auto last = std::find_if(health.rbegin(), health.rend(), [channel](const auto& said) {
        return said.first == channel;
      });
      if (last == health.rend() || last->second) health.emplace_back(channel, std::nullopt);
    }
  }
  // One write for the wave's rows, with other workers' when grouped; kept whole if refused.
  record([this, stored = std::move(stored)] { store(stored); });
  if (config_.channels == nullptr) return done;
  for (auto& [channel, refusal] : health) {
    if (!refusal) {
      record([this, channel = channel] { config_.channels->record_success(channel); });
      continue;
    }
    record([this, channel = channel, reason = std::move(*refusal)] {
      if (config_.channels->record_permanent_failure(channel, reason, permanent_failures_to_disable)) {
        spdlog::warn("channel {} disabled after {} permanent failures in a row: {}", channel,
                     permanent_failures_to_disable, reason);
        channel_.refresh();  // the rest of the pass sees it disabled
      }
    });
  }
  return done;
}

notifier::judged notifier::judge(const notification& item, const send_result& sent) {
  const auto attempts = item.attempts + 1;
  judged verdict;
  if (sent) {
    spdlog::debug("notification {} for alert {} {} to {}", item.id, item.alert_id,
                  *sent == delivered::saved ? "saved" : "sent", item.recipient);
    (*sent == delivered::saved ? counts_.saved : counts_.sent).fetch_add(1, std::memory_order_relaxed);
    verdict.stored = {*sent == delivered::saved ? delivery_outcome::kind::saved : delivery_outcome::kind::sent, item.id,
                      attempts, clock_.now(), {}};
    verdict.channel_succeeded = true;
    return verdict;
  }
  const auto& failure = sent.error();
  const auto failed = [&] {
    counts_.failed.fetch_add(1, std::memory_order_relaxed);
    spdlog::error("notification {} for alert {} failed after {} attempts: {}", item.id, item.alert_id, attempts,
                  failure.reason);
    verdict.done = outcome::failed;
    verdict.stored = {delivery_outcome::kind::failed, item.id, attempts, {}, failure.reason};
    return verdict;
  };
  if (failure.deferred) {
    // The destination's rate limit has no room yet: due again when it has, not an attempt. The
    // worker goes on with other rows instead of sleeping.
    counts_.retried.fetch_add(1, std::memory_order_relaxed);
    verdict.done = outcome::retried;
    verdict.stored = {delivery_outcome::kind::retry, item.id, item.attempts,
                      clock_.now() + failure.retry_after.value_or(std::chrono::milliseconds(0)), failure.reason};
    return verdict;
  }
  // Refused for good: no retry can change the answer, so it fails now with the reason.
  if (failure.permanent) {
    verdict.permanent_refusal = failure.reason;
    return failed();
  }
  auto delay = config_.retries.delay_after(attempts, random_.uniform());
  if (!delay) return failed();
  // One retry stage, one backoff: the schedule's delay, or the service's wait if longer (never sooner).
  if (const auto asked = failure.retry_after) delay = std::max(*delay, *asked);
  counts_.retried.fetch_add(1, std::memory_order_relaxed);
  spdlog::warn("notification {} for alert {} not sent (attempt {}), retrying in {} ms: {}", item.id, item.alert_id,
               attempts, delay->count(), failure.reason);
  verdict.done = outcome::retried;
  verdict.stored = {delivery_outcome::kind::retry, item.id, attempts, clock_.now() + *delay, failure.reason};
  return verdict;
}

notifier::outcome notifier::deliver_digest(const std::vector<notification>& items) {
  auto digest = items.front();
  digest.digest_of = items;
  const auto sent = channel_.send(digest);
  std::vector<delivery_outcome> stored;
  const auto each = [&](delivery_outcome::kind what, bool attempt, time_point at, const std::string& error) {
    for (const auto& item : items) stored.push_back({what, item.id, item.attempts + (attempt ? 1 : 0), at, error});
  };
  if (sent) {
    spdlog::debug("digest of {} notifications {} to {}", items.size(), *sent == delivered::saved ? "saved" : "sent",
                  digest.recipient);
    // One write for the whole digest, as for its failure: kept or done together.
    (*sent == delivered::saved ? counts_.saved : counts_.sent).fetch_add(items.size(), std::memory_order_relaxed);
    each(*sent == delivered::saved ? delivery_outcome::kind::saved : delivery_outcome::kind::sent, true, clock_.now(),
         {});
    record([this, stored = std::move(stored)] { store(stored); });
    if (config_.channels != nullptr && digest.channel_id) {
      record([this, channel = *digest.channel_id] { config_.channels->record_success(channel); });
    }
    return outcome::sent;
  }
  const auto& error = sent.error();
  if (error.deferred) {
    counts_.retried.fetch_add(items.size(), std::memory_order_relaxed);
    each(delivery_outcome::kind::retry, false, clock_.now() + error.retry_after.value_or(std::chrono::milliseconds(0)),
         "waiting its turn");
    record([this, stored = std::move(stored)] { store(stored); });
    return outcome::retried;
  }
  auto delay = config_.retries.delay_after(digest.attempts + 1, random_.uniform());
  if (delay && error.retry_after) {
    delay = std::max(*delay, *error.retry_after);
  }
  if (error.permanent || !delay) {
    counts_.failed.fetch_add(items.size(), std::memory_order_relaxed);
    spdlog::error("digest of {} notifications failed: {}", items.size(), error.reason);
    each(delivery_outcome::kind::failed, true, {}, error.reason);
    record([this, stored = std::move(stored)] { store(stored); });
    return outcome::failed;
  }
  counts_.retried.fetch_add(items.size(), std::memory_order_relaxed);
  spdlog::warn("digest of {} notifications not sent, retrying in {} ms: {}", items.size(), delay->count(), error.reason);
  // Still held rows: when due again, they go out together again.
  each(delivery_outcome::kind::retry, true, clock_.now() + *delay, error.reason);
  record([this, stored = std::move(stored)] { store(stored); });
  return outcome::retried;
}

void notifier::store(const std::vector<delivery_outcome>& outcomes) {
  if (config_.outcomes != nullptr) {
    config_.outcomes->write(outcomes);
  } else {
    store_.settle(outcomes);
  }
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

void notifier::run(std::stop_token stop) {
  loop_.run(
      "notifier", [this] { return deliver_due(); }, [this](std::stop_token waiting) { jobs_.wait(std::move(waiting)); },
      std::move(stop));
}

}  // namespace pricewatch
