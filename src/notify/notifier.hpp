// Delivers the outbox: claims due notifications, sends each, and records sent, a retry with
// backoff, or failed. deliver_due() is one pass, driven by the caller's clock (tests call it
// directly); run() loops on a dedicated thread, sleeping until the next row is due or wake() is
// called. deliver_due() and run() are for one thread; wake() and stop() for any.
#pragma once

#include "core/clock.hpp"
#include "notify/mail_sender.hpp"
#include "alerts/notification.hpp"
#include "notify/outbox_loop.hpp"
#include "notify/retry_policy.hpp"

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <random>

namespace pricewatch {

class notification_store;

struct notifier_config {
  std::string from = "pricewatch@localhost";
  std::size_t batch = 100;
  std::chrono::seconds lease{60};  // a claimed row returns to others if not settled by then
  retry_policy retries;
};

struct delivery_counts {
  std::atomic<std::uint64_t> sent{0};
  std::atomic<std::uint64_t> retried{0};
  std::atomic<std::uint64_t> failed{0};
};

class notifier {
 public:
  notifier(notification_store& store, mail_sender& sender, const wall_clock& clock, notifier_config config);

  // Sends what is due now; returns how many rows it settled (sent, retried or failed).
  // Throws backend_error when the database fails. An outcome the database could not record is
  // kept and recorded first on the next call (or the next deliver()); if the process dies before,
  // the row's lease runs out and it is sent again, with the same Message-ID.
  std::size_t deliver_due();

  enum class outcome { sent, retried, failed };
  // Sends one claimed row and records what happened (a queue consumer's step).
  // Throws backend_error when the database fails.
  outcome deliver(const notification& item);

  // Loops until its thread is asked to stop: deliver, then sleep until the next due row, a
  // wake(), or 1 s at most (so rows queued by another process are found). Database failures are
  // logged and retried.
  void run(std::stop_token stop);
  void wake();

  const delivery_counts& counts() const { return counts_; }

 private:
  outcome settle(const notification& item, const std::optional<send_failure>& failure);
  // Runs the write of an outcome; when the database refuses it, keeps it for record_kept() and
  // rethrows, so that a mail that went out is never sent again for want of its row's update.
  void record(std::function<void()> write);
  // The kept writes, oldest first, before anything new is claimed. Throws backend_error.
  void record_kept();
  outcome fail(const notification& item, std::int64_t attempts, const std::string& reason);

  notification_store& store_;
  mail_sender& sender_;
  const wall_clock& clock_;
  notifier_config config_;
  std::mt19937_64 random_;
  delivery_counts counts_;
  std::deque<std::function<void()>> kept_;
  outbox_loop loop_;
};

}  // namespace pricewatch
