// One delivery worker: takes claimed notifications from its job source (queue/job_queue.hpp),
// sends each through its channel (which renders it in its format), and records sent (or saved, for
// a mail only written to the outbox folder), a retry with backoff, or failed; then tells the
// source. Whatever the queue and the channel, this is the one pipeline: take -> render and send ->
// record -> settle. Rows go out in waves: one row at a time for a channel that sends one after
// the other (email), up to the channel's in_flight() together for one that sends several at once
// (webhook, Slack, ntfy); a wave's outcomes are recorded together, before the next wave goes out
// and before the source hears of them, so a crash resends at most the wave in flight.
// deliver_due() is one pass, driven by the caller's clock (tests call it directly); run() loops on
// a dedicated thread until it is asked to stop.
#pragma once

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/work_loop.hpp"
#include "notify/channel.hpp"
#include "alerts/notification.hpp"
#include "notify/retry_policy.hpp"
#include "storage/notification_store.hpp"

#include <atomic>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace pricewatch {

class notification_store;
class channel_store;
class group_commit;
class stall_watch;
namespace queue {
class job_source;
}

struct notifier_config {
  retry_policy retries;
  // Where each delivery's channel health is recorded (a success resets its permanent failures; the
  // fifth permanent failure in a row disables it); none: not recorded.
  channel_store* channels = nullptr;
  // When a row due now must wait instead (quiet hours, a digest window: notify/delivery_hold.hpp),
  // until when; empty: never.
  std::function<std::optional<time_point>(const notification&)> hold{};
  // The worker's stall watch, which its transports poll while a send waits; none: a hung send
  // holds the rest of the claimed batch until it times out. With one, a send still waiting after
  // stall_after hands the rest of the batch back to the outbox (released, due now) for other
  // workers, and the pass ends after it.
  stall_watch* stalls = nullptr;
  std::chrono::milliseconds stall_after{2000};
  // Where the outcomes go, together with the other workers' (one write transaction for many);
  // none: this worker writes its own to the store.
  group_commit* outcomes = nullptr;
};

// How one pass sends what it took: each row alone, except rows released from a hold, which go
// out together per channel (a digest), placed where the first of them was. Indexes into taken.
std::vector<std::vector<std::size_t>> delivery_units(std::span<const notification> taken);

struct delivery_counts {
  std::atomic<std::uint64_t> sent{0};
  std::atomic<std::uint64_t> saved{0};  // written to the outbox folder only: nobody was mailed
  std::atomic<std::uint64_t> retried{0};
  std::atomic<std::uint64_t> failed{0};
  std::atomic<std::uint64_t> held{0};
};

class notifier {
 public:
  // random jitters the retries of many notifications failing together.
  notifier(notification_store& store, queue::job_source& jobs, channel& through, const wall_clock& clock,
           random_source& random, notifier_config config = {});

  // Sends what the source has ready now; returns how many it settled (sent, retried or failed;
  // not those handed back while a send hung).
  // Throws backend_error when the database fails. An outcome the database could not record is
  // kept and recorded first on the next call; if the process dies before, the row's lease runs
  // out and it is sent again, with the same Message-ID.
  std::size_t deliver_due();

  // Loops until its thread is asked to stop: deliver, then wait on the source. Database failures
  // are logged and retried with backoff.
  void run(std::stop_token stop);

  const delivery_counts& counts() const { return counts_; }

 private:
  enum class outcome { sent, retried, failed };
  // What became of one sent row: what to count and store, and what to tell of its channel.
  struct judged {
    outcome done = outcome::sent;
    delivery_outcome stored;
    bool channel_succeeded = false;
    std::optional<std::string> permanent_refusal;  // the channel refused it for good: the reason
  };
  // The units [first, end) that go out together from first: one alone, or single rows of the
  // same channel type up to the channel's in_flight().
  std::size_t wave_end(std::span<const notification> taken, const std::vector<std::vector<std::size_t>>& units,
                       std::size_t first);
  // Sends the units [first, end) and records their outcomes, one per unit. Throws backend_error
  // when the database refuses the record (the outcomes are then kept).
  std::vector<outcome> deliver_wave(std::span<const notification> taken,
                                    const std::vector<std::vector<std::size_t>>& units, std::size_t first,
                                    std::size_t end);
  // What the answer of a sent row means for it.
  judged judge(const notification& item, const send_result& sent);
  // Sends released rows of one channel as one digest and records the outcome for each.
  outcome deliver_digest(const std::vector<notification>& items);
  // Stores outcomes: with the other workers' when there is a group commit. Throws backend_error.
  void store(const std::vector<delivery_outcome>& outcomes);
  // Runs the write of an outcome; when the database refuses it, keeps it for record_kept() and
  // rethrows, so that a mail that went out is never sent again for want of its row's update.
  void record(std::function<void()> write);
  // The kept writes, oldest first, before anything new is taken. Throws backend_error.
  void record_kept();
  // Gives the units from `from` on back to the source; whether it could (else they stay taken).
  bool give_back_from(std::span<const notification> taken, const std::vector<std::vector<std::size_t>>& units,
                      std::size_t from);

  notification_store& store_;
  queue::job_source& jobs_;
  channel& channel_;
  const wall_clock& clock_;
  random_source& random_;
  notifier_config config_;
  delivery_counts counts_;
  std::deque<std::function<void()>> kept_;
  work_loop loop_;
};

}  // namespace pricewatch
