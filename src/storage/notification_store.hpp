// The outbox of notifications in the database, the source of truth for delivery. Rows are
// claimed with a lease, so that several notifiers can share the table and a crashed one's rows
// come back when the lease runs out. Implementations are shared by all threads.
#pragma once

#include "alerts/notification.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pricewatch {

// What a delivery worker stores of one attempt at a row (notification_store::settle): the same
// as the single calls below (mark_sent, mark_saved, schedule_retry, hold, mark_failed).
struct delivery_outcome {
  enum class kind { sent, saved, retry, held, failed };
  kind what = kind::sent;
  std::int64_t id = 0;
  std::int64_t attempts = 0;
  time_point at{};    // sent, saved: when; retry, held: when it is due again; failed: unused
  std::string error;  // retry, failed: why
};

class notification_store {
 public:
  virtual ~notification_store() = default;

  // Each method throws backend_error when the database fails.

  // Pending rows due at now, oldest first, at most limit; each is leased until now + lease (its
  // next attempt moves there), so nobody else claims it meanwhile. With `only`, rows of that
  // channel type alone (a delivery worker's lane: notify/delivery_lanes.hpp).
  virtual std::vector<notification> claim_due(time_point now, std::size_t limit, std::chrono::seconds lease,
                                              std::optional<channel_type> only = std::nullopt) = 0;

  // The job for row id after `attempts` attempts, as a queue delivers it: claimed (its attempt
  // count moves on and it is leased until now + lease) unless it was settled or another copy of
  // the job claimed it first, then nullopt. The notification reports the attempts before this one.
  virtual std::optional<notification> claim(std::int64_t id, std::int64_t attempts, time_point now,
                                            std::chrono::seconds lease) = 0;

  // Pending rows that could not be handed on (the queue was down) are due again at `at`.
  virtual void release(std::span<const std::int64_t> ids, time_point at) = 0;

  // The mail server accepted it: sent, never sent again.
  virtual void mark_sent(std::int64_t id, std::int64_t attempts, time_point now) = 0;

  // It was written to the outbox folder (no mail server): saved, never sent again. sent_at is
  // when it was written.
  virtual void mark_saved(std::int64_t id, std::int64_t attempts, time_point now) = 0;

  // It failed; try again at next_attempt.
  virtual void schedule_retry(std::int64_t id, std::int64_t attempts, time_point next_attempt,
                              const std::string& error) = 0;

  // Quiet hours or a digest window hold it until `until` (its attempts as they were): then it is
  // due again, marked held (notification::held_until), to go out in a digest.
  virtual void hold(std::int64_t id, std::int64_t attempts, time_point until) = 0;

  // It failed for the last time.
  virtual void mark_failed(std::int64_t id, std::int64_t attempts, const std::string& error) = 0;

  // Stores every outcome in one write transaction: all of them or, when it throws, none.
  virtual void settle(std::span<const delivery_outcome> outcomes) = 0;

  // When the earliest pending row (of that channel type, with `only`) is due; nullopt when none is pending.
  virtual std::optional<time_point> next_due(std::optional<channel_type> only = std::nullopt) = 0;

  // Makes every pending row due at once (startup: DESIGN.md section 6).
  virtual void make_pending_due(time_point now) = 0;

  virtual std::map<notification_status, std::int64_t> count_by_status() = 0;
};

}  // namespace pricewatch
