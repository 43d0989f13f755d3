// The names pricewatch uses on RabbitMQ (DESIGN.md section 1, scale-out mode).
#pragma once

namespace pricewatch::queue {

// Notification jobs: durable, persistent messages, acknowledged once the mail server accepted.
inline constexpr const char* jobs_queue = "pricewatch.notifications";
// Jobs whose last attempt failed, for an operator to look at (the outbox row says why).
inline constexpr const char* dead_jobs_queue = "pricewatch.notifications.dead";
// Alert events (created, deleted, fired), to every watcher and api process.
inline constexpr const char* events_exchange = "pricewatch.events";

class amqp_connection;

// Declares the jobs queue and its dead-letter queue (idempotent; every relay and consumer does it).
void declare_job_queues(amqp_connection& connection);

}  // namespace pricewatch::queue
