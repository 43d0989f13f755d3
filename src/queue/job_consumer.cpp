#include "queue/job_consumer.hpp"

#include "notify/notifier.hpp"
#include "queue/messages.hpp"
#include "queue/topology.hpp"
#include "storage/notification_store.hpp"

#include <spdlog/spdlog.h>

namespace pricewatch::queue {

job_consumer::job_consumer(notification_store& store, notifier& mailer, const std::string& amqp_url,
                           const wall_clock& clock, consumer_config config)
    : store_(store),
      mailer_(mailer),
      link_(amqp_url,
            [prefetch = config.prefetch](amqp_connection& connection) {
              declare_job_queues(connection);
              connection.consume(jobs_queue, prefetch);
            }),
      clock_(clock),
      config_(config) {}

void job_consumer::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    try {
      auto& connection = link_.get();
      if (const auto message = connection.next(std::chrono::milliseconds(500))) handle(connection, *message);
    } catch (const amqp_error& error) {
      link_.drop(error);
      sleep_.sleep_for(stop, std::chrono::milliseconds(200));
    } catch (const std::exception& error) {
      // The database failed: closing the connection hands the unacknowledged jobs back to the
      // broker, for this consumer or another once the database answers again.
      spdlog::error("job consumer: {}; retrying in 1 s", error.what());
      link_.drop(error);
      sleep_.sleep_for(stop, std::chrono::seconds(1));
    }
  }
}

void job_consumer::handle(amqp_connection& connection, const incoming_message& message) {
  const auto item = decode_job(message.body);
  if (!item) {
    spdlog::error("job consumer: malformed job moved to {}: {:.200}", dead_jobs_queue, message.body);
    connection.reject(message.delivery_tag, false);
    return;
  }
  const auto claimed = store_.claim(item->notification_id, item->attempts, clock_.now(), config_.lease);
  if (!claimed) {
    // Settled already, or another copy of this job claimed it: nothing to send.
    connection.ack(message.delivery_tag);
    return;
  }
  if (mailer_.deliver(*claimed) == notifier::outcome::failed) {
    connection.reject(message.delivery_tag, false);  // to the dead-letter queue; the row says why
    return;
  }
  // Sent, or scheduled for a retry that the relay publishes when it is due.
  connection.ack(message.delivery_tag);
}

}  // namespace pricewatch::queue
