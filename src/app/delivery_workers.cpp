#include "app/delivery_workers.hpp"

#include "notify/mail_sender.hpp"
#include "notify/notifier.hpp"
#include "queue/job_consumer.hpp"
#include "queue/job_relay.hpp"
#include "storage/notification_store.hpp"

namespace pricewatch {

delivery_workers::delivery_workers(const config& settings, const deployment_plan& plan, notification_store& store,
                                   const wall_clock& clock) {
  notifier_config delivery;
  delivery.from = settings.mail.from;
  if (plan.roles.notifier) {
    for (std::int64_t i = 0; i < settings.mail.connections; ++i) {
      senders_.push_back(make_mail_sender(mail_config{settings.mail.url}));
      mailers_.push_back(std::make_unique<notifier>(store, *senders_.back(), clock, delivery));
      if (plan.consume_jobs) {
        consumers_.push_back(std::make_unique<queue::job_consumer>(store, *mailers_.back(), settings.queue.url, clock));
      }
    }
    if (plan.pending_due_at_start) store.make_pending_due(clock.now());
  }
  if (plan.relay_jobs) relay_ = std::make_unique<queue::job_relay>(store, settings.queue.url, clock);
}

delivery_workers::~delivery_workers() { stop(); }

void delivery_workers::start() {
  if (consumers_.empty()) {
    for (auto& mailer : mailers_) threads_.emplace_back([&mailer](std::stop_token stop) { mailer->run(stop); });
  }
  for (auto& consumer : consumers_) {
    threads_.emplace_back([&consumer](std::stop_token stop) { consumer->run(stop); });
  }
  if (relay_) threads_.emplace_back([this](std::stop_token stop) { relay_->run(stop); });
}

void delivery_workers::stop() {
  // Every thread is asked first, so that they wind down together, then each is joined.
  for (auto& thread : threads_) thread.request_stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void delivery_workers::outbox_changed() {
  if (relay_) {
    relay_->wake();
  } else {
    for (auto& mailer : mailers_) mailer->wake();
  }
}

std::vector<const delivery_counts*> delivery_workers::counters() const {
  std::vector<const delivery_counts*> counts;
  for (const auto& mailer : mailers_) counts.push_back(&mailer->counts());
  return counts;
}

}  // namespace pricewatch
