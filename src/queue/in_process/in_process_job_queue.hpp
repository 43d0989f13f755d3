// The embedded mode's job queue is the outbox itself: each worker claims due rows with a lease
// (so that workers, and processes sharing the database, never send a row twice), waits on the
// outbox's alarm when none is due, and is woken as soon as this process fires alerts.
#pragma once

#include "queue/job_queue.hpp"
#include "queue/outbox_alarm.hpp"

#include <chrono>
#include <vector>

namespace pricewatch::queue {

class in_process_job_source final : public job_source {
 public:
  in_process_job_source(notification_store& store, const wall_clock& clock, std::size_t batch,
                        std::chrono::seconds lease, std::optional<channel_type> lane = std::nullopt)
      : store_(store), clock_(clock), batch_(batch), lease_(lease), lane_(lane), alarm_(store, clock, lane) {}

  std::vector<notification> take() override;
  void wait(std::stop_token stop) override { alarm_.wait(std::move(stop)); }
  // The row says it all: nothing to tell anyone.
  void settled(const notification&, bool) override {}
  // Its lease keeps the row from others until the worker writes the outcome it kept.
  void unsettled(const notification&) override {}
  void give_back(std::span<const notification> items) override;

  void wake() { alarm_.wake(); }

 private:
  notification_store& store_;
  const wall_clock& clock_;
  std::size_t batch_;
  std::chrono::seconds lease_;
  std::optional<channel_type> lane_;
  outbox_alarm alarm_;
};

class in_process_job_queue final : public job_queue {
 public:
  in_process_job_queue(notification_store& store, const wall_clock& clock, std::size_t batch,
                       std::chrono::seconds lease)
      : store_(store), clock_(clock), batch_(batch), lease_(lease) {}

  // Called while the process is wired, before any worker runs.
  std::unique_ptr<job_source> add_worker(std::optional<channel_type> lane) override;
  // Each worker claims its own rows from the outbox, so it can claim one type's alone.
  bool lanes() const override { return true; }
  void outbox_changed() override;
  void start() override {}
  void stop() override {}

 private:
  notification_store& store_;
  const wall_clock& clock_;
  std::size_t batch_;
  std::chrono::seconds lease_;
  std::vector<in_process_job_source*> workers_;
};

}  // namespace pricewatch::queue
