#include "queue/rabbitmq/rabbitmq_job_queue.hpp"

#include "queue/rabbitmq/messages.hpp"
#include "queue/rabbitmq/topology.hpp"
#include "storage/notification_store.hpp"

#include <spdlog/spdlog.h>

namespace pricewatch::queue {

rabbitmq_job_source::rabbitmq_job_source(notification_store& store, const std::string& amqp_url,
                                         const wall_clock& clock, const monotonic_clock& monotonic,
                                         consumer_config config)
    : store_(store),
      link_(
          amqp_url,
          [prefetch = config.prefetch](amqp_connection& connection) {
            declare_job_queues(connection);
            connection.consume(jobs_queue, prefetch);
          },
          monotonic),
      clock_(clock),
      config_(config) {}

std::vector<notification> rabbitmq_job_source::take() {
  try {
    auto& connection = link_.get();
    broker_away_ = false;
    const auto message = connection.next(std::chrono::milliseconds(500));
    if (!message) return {};
    const auto item = decode_job(message->body);
    if (!item) {
      spdlog::error("job consumer: malformed job moved to {}: {:.200}", dead_jobs_queue, message->body);
      connection.reject(message->delivery_tag, false);
      return {};
    }
    std::optional<notification> claimed;
    try {
      claimed = store_.claim(item->notification_id, item->attempts, clock_.now(), config_.lease);
    } catch (const std::exception& error) {
      // The database failed: closing the connection hands the unacknowledged jobs back to the
      // broker, for this worker or another once the database answers again.
      drop(error);
      throw;
    }
    if (!claimed) {
      // Settled already, or another copy of this job claimed it: nothing to send.
      connection.ack(message->delivery_tag);
      return {};
    }
    delivery_tags_[claimed->id] = message->delivery_tag;
    return {*claimed};
  } catch (const amqp_error& error) {
    drop(error);
    broker_away_ = true;
    return {};
  }
}

void rabbitmq_job_source::wait(std::stop_token stop) {
  if (broker_away_) pause_.sleep_for(std::move(stop), std::chrono::milliseconds(200));
}

void rabbitmq_job_source::answer(const notification& item, bool acknowledge, bool requeue) {
  const auto tag = delivery_tags_.find(item.id);
  if (tag == delivery_tags_.end()) return;
  const auto delivery_tag = tag->second;
  delivery_tags_.erase(tag);
  try {
    auto& connection = link_.get();
    if (acknowledge) {
      connection.ack(delivery_tag);
    } else {
      connection.reject(delivery_tag, requeue);
    }
  } catch (const amqp_error& error) {
    drop(error);
    broker_away_ = true;
  }
}

void rabbitmq_job_source::drop(const std::exception& failure) {
  link_.drop(failure);
  // The broker hands the closed connection's unacknowledged jobs out again, and their delivery
  // tags mean nothing on the next connection (acknowledging one there could settle another job).
  delivery_tags_.clear();
}

// Failed for good: to the dead-letter queue, where the row says why. Sent, or scheduled for a
// retry that the relay publishes when it is due: done with this job.
void rabbitmq_job_source::settled(const notification& item, bool failed) { answer(item, !failed, false); }

// Back to the queue: its copy finds the row claimed (its attempt count moved on) and sends nothing.
void rabbitmq_job_source::unsettled(const notification& item) { answer(item, false, true); }

void rabbitmq_job_source::give_back(std::span<const notification> items) {
  for (const auto& item : items) answer(item, false, true);
}

rabbitmq_job_queue::rabbitmq_job_queue(std::string amqp_url, notification_store& store, bool relay,
                                       const wall_clock& clock, const monotonic_clock& monotonic)
    : url_(std::move(amqp_url)), store_(store), clock_(clock), monotonic_(monotonic) {
  if (relay) relay_ = std::make_unique<job_relay>(store_, url_, clock_, monotonic_);
}

std::unique_ptr<job_source> rabbitmq_job_queue::add_worker(std::optional<channel_type> /*lane*/) {
  return std::make_unique<rabbitmq_job_source>(store_, url_, clock_, monotonic_);
}

void rabbitmq_job_queue::outbox_changed() {
  if (relay_) relay_->wake();
}

void rabbitmq_job_queue::start() {
  if (relay_) relay_thread_ = std::jthread([this](std::stop_token stop) { relay_->run(stop); });
}

void rabbitmq_job_queue::stop() {
  relay_thread_.request_stop();
  if (relay_thread_.joinable()) relay_thread_.join();
}

}  // namespace pricewatch::queue
