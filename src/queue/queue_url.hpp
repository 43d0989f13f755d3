// Which queue backend queue.url names: the one place that reads its scheme (the factories and
// the deployment plan ask here).
#pragma once

#include <string>

namespace pricewatch::queue {

// in_process: local:// (events and jobs stay in the process and its database);
// rabbitmq: amqp://USER:PASSWORD@HOST:PORT/VHOST, shared by the processes of a deployment.
enum class queue_backend { in_process, rabbitmq };

// Throws std::invalid_argument naming queue.url for anything else.
queue_backend queue_backend_of(const std::string& url);

// For the factories of a build without RabbitMQ (PRICEWATCH_WITH_RABBITMQ=OFF): an amqp:// URL is
// a configuration error that names the option.
[[noreturn]] void throw_built_without_rabbitmq();

}  // namespace pricewatch::queue
