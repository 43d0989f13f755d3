#include "app/delivery_workers.hpp"

#include "notify/channel_kit.hpp"
#include "notify/delivery_hold.hpp"
#include "notify/delivery_lanes.hpp"
#include "notify/email_channel.hpp"
#include "notify/group_commit.hpp"
#include "notify/mail_sender.hpp"
#include "notify/notifier.hpp"
#include "notify/stall_watch.hpp"
#include "queue/job_queue.hpp"
#include "storage/notification_store.hpp"

namespace pricewatch {

channel_kit_settings channel_settings(const config& settings) {
  channel_kit_settings kit;
  kit.outbound.allow_private_networks = settings.delivery.allow_private_networks;
  kit.outbound.in_flight = static_cast<std::size_t>(settings.delivery.in_flight);
  kit.telegram = telegram_settings{settings.telegram.bot_token, settings.telegram.api_url};
  kit.public_url = settings.http.public_url;
  return kit;
}

delivery_workers::delivery_workers(const config& settings, const deployment_plan& plan, notification_store& store,
                                   channel_store& channels, const std::string& pause_key, const wall_clock& clock,
                                   const monotonic_clock& monotonic, random_source& random)
    : jobs_(queue::make_job_queue(queue::job_queue_config{settings.queue.url, plan.relay_jobs}, store, clock,
                                  monotonic)) {
  if (plan.roles.notifier) {
    outcomes_ = std::make_unique<group_commit>(store);
    for (const auto lane : delivery_lanes(jobs_->lanes(), settings.mail.connections, settings.delivery.workers)) {
      // One stall watch per worker, polled by its transports (notify/stall_watch.hpp).
      stalls_.push_back(std::make_unique<stall_watch>(monotonic));
      mail_config mail{settings.mail.url};
      mail.stalls = stalls_.back().get();
      senders_.push_back(make_mail_sender(mail));
      channels_.push_back(std::make_unique<email_channel>(*senders_.back(), settings.mail.from, clock,
                                                          pause_links{settings.http.public_url, pause_key}));
      auto kit_settings = channel_settings(settings);
      kit_settings.outbound.stalls = stalls_.back().get();
      kits_.push_back(std::make_unique<channel_kit>(*channels_.back(), channels, clock, kit_settings));
      sources_.push_back(jobs_->add_worker(lane));
      notifier_config worker_config;
      worker_config.channels = &channels;
      worker_config.stalls = stalls_.back().get();
      worker_config.outcomes = outcomes_.get();
      holds_.push_back(std::make_unique<delivery_hold>(channels, clock));
      worker_config.hold = [hold = holds_.back().get()](const notification& item) { return (*hold)(item); };
      mailers_.push_back(std::make_unique<notifier>(store, *sources_.back(), kits_.back()->switched(), clock, random,
                                                    worker_config));
    }
    if (plan.pending_due_at_start) store.make_pending_due(clock.now());
  }
}

delivery_workers::~delivery_workers() { stop(); }

void delivery_workers::start() {
  jobs_->start();
  for (auto& mailer : mailers_) threads_.emplace_back([&mailer](std::stop_token stop) { mailer->run(stop); });
}

void delivery_workers::stop() {
  // Every thread is asked first, so that they wind down together, then each is joined.
  for (auto& thread : threads_) thread.request_stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  jobs_->stop();
}

void delivery_workers::outbox_changed() { jobs_->outbox_changed(); }

std::vector<const delivery_counts*> delivery_workers::counters() const {
  std::vector<const delivery_counts*> counts;
  for (const auto& mailer : mailers_) counts.push_back(&mailer->counts());
  return counts;
}

}  // namespace pricewatch
