// The threads that deliver the outbox in this process (DESIGN.md section 6), as its roles ask:
// with the notifier role, a worker per lane (notify/delivery_lanes.hpp: mail.connections for
// email, delivery.workers for each other type, or mail.connections for all scaled out), each with
// its own email channel and mail connection (libcurl blocks; opened only when it mails), its own
// senders of the other channel types (notify/channel_kit.hpp) and its own end of the job queue;
// the job queue's own threads (scaled out, the relay in watchers and notifiers). Which queue it is, make_job_queue decides from queue.url.
// Rows left pending by an earlier run of the embedded service are due at once; scaled out, other
// processes may hold leases, so rows come back when their lease runs out instead.
#pragma once

#include "app/deployment_plan.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"

#include <memory>
#include <thread>
#include <vector>

namespace pricewatch {

class channel;
class channel_kit;
class delivery_hold;
class group_commit;
class channel_store;
struct channel_kit_settings;
class mail_sender;
class notification_store;
class notifier;
class stall_watch;
struct delivery_counts;
namespace queue {
class job_queue;
class job_source;
}  // namespace queue

class delivery_workers {
 public:
  delivery_workers(const config& settings, const deployment_plan& plan, notification_store& store,
                   channel_store& channels, const std::string& pause_key, const wall_clock& clock,
                   const monotonic_clock& monotonic, random_source& random);
  ~delivery_workers();
  delivery_workers(const delivery_workers&) = delete;
  delivery_workers& operator=(const delivery_workers&) = delete;

  void start();
  // Lets the work in hand finish, then joins the threads. Idempotent.
  void stop();

  // New rows are in the outbox (this process fired alerts): deliver or publish them now.
  void outbox_changed();

  // What this process's workers did, for /metrics.
  std::vector<const delivery_counts*> counters() const;

 private:
  std::unique_ptr<queue::job_queue> jobs_;
  std::vector<std::unique_ptr<stall_watch>> stalls_;  // each worker's, polled by its transports
  std::vector<std::unique_ptr<mail_sender>> senders_;
  std::vector<std::unique_ptr<channel>> channels_;  // each worker's email channel
  std::vector<std::unique_ptr<channel_kit>> kits_;  // each worker's senders of the other types
  std::vector<std::unique_ptr<delivery_hold>> holds_;  // each worker's quiet hours and digests
  std::vector<std::unique_ptr<queue::job_source>> sources_;
  std::unique_ptr<group_commit> outcomes_;  // the workers' outcomes, written together
  std::vector<std::unique_ptr<notifier>> mailers_;
  std::vector<std::jthread> threads_;
};

// What the channel senders take from the configuration (delivery.*, telegram.*, http.public_url).
channel_kit_settings channel_settings(const config& settings);

}  // namespace pricewatch
