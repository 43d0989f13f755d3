// Where the delivery workers take their notifications from (DESIGN.md section 6). The outbox in
// the database stays the source of truth; a job queue only decides who sends which row when.
// Two implementations behind make_job_queue: in_process/ (the embedded mode: each worker claims
// due rows from the outbox itself) and rabbitmq/ (a relay publishes due rows as jobs, workers
// consume them). A worker: take(); deliver and record each; settled(); when take() found
// nothing, wait().
#pragma once

#include "alerts/notification.hpp"
#include "core/clock.hpp"

#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

namespace pricewatch {
class notification_store;
}

namespace pricewatch::queue {

// One worker's (one thread's) end of the queue.
class job_source {
 public:
  virtual ~job_source() = default;
  // Notifications claimed for this worker now, each leased so that nobody else sends it meanwhile;
  // empty when none is ready (it may wait briefly on the network first). Throws backend_error
  // when the database fails.
  virtual std::vector<notification> take() = 0;
  // After a take() that found nothing: returns when more may be ready (a wake, the next due row,
  // at most a second) or at once when stop is requested. Throws backend_error.
  virtual void wait(std::stop_token stop) = 0;
  // The outcome of a taken notification is in the database; failed: for good.
  virtual void settled(const notification& item, bool failed) = 0;
  // A taken notification was attempted but its outcome could not be recorded (the worker keeps
  // it and writes it later): nobody may send it again meanwhile.
  virtual void unsettled(const notification& item) = 0;
  // Taken notifications that were not attempted go back, due at once. Throws backend_error.
  virtual void give_back(std::span<const notification> items) = 0;
};

class job_queue {
 public:
  virtual ~job_queue() = default;
  // A source for one more delivery worker; the queue outlives its sources. With a lane, the
  // worker is given rows of that channel type only, if the queue can sort them (lanes()).
  virtual std::unique_ptr<job_source> add_worker(std::optional<channel_type> lane = std::nullopt) = 0;
  // Whether add_worker keeps to a lane: then each channel type has workers of its own, so that a
  // slow mail server never holds a webhook back (notify/delivery_lanes.hpp).
  virtual bool lanes() const = 0;
  // This process has put new rows in the outbox: deliver or hand them on now.
  virtual void outbox_changed() = 0;
  // The threads of the queue itself (scaled out, the relay in watchers and notifiers).
  virtual void start() = 0;
  virtual void stop() = 0;
};

struct job_queue_config {
  std::string url;           // queue.url: local:// or amqp://...
  bool relay = false;        // this process hands due outbox rows to the queue (scaled out)
  std::size_t batch = 100;   // rows a worker claims at once (embedded)
  std::chrono::seconds lease{60};  // a claimed row returns to others if not settled by then
};

// Throws std::invalid_argument naming queue.url for a URL it cannot use.
std::unique_ptr<job_queue> make_job_queue(const job_queue_config& config, notification_store& store,
                                          const wall_clock& clock, const monotonic_clock& monotonic);

}  // namespace pricewatch::queue
