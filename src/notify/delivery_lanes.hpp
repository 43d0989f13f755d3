// Which channel type each delivery worker of a process serves (DESIGN.md section 10: each
// destination is retried, and paced, on its own). Where the job queue can sort rows by type (the
// embedded outbox), each type has workers of its own: mail.connections for email, and
// delivery.workers for each HTTP type, so that a slow mail server or one slow chat service never
// holds the others' deliveries back. Where it cannot (one RabbitMQ queue of jobs), every worker
// takes whatever comes next, as many as mail.connections.
#pragma once

#include "alerts/delivery_channel.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace pricewatch {

// One entry per worker: the type it serves, or nullopt for every type. by_type: the queue keeps
// workers to a type (queue::job_queue::lanes()).
std::vector<std::optional<channel_type>> delivery_lanes(bool by_type, std::int64_t mail_workers,
                                                        std::int64_t workers_per_http_type);

}  // namespace pricewatch
