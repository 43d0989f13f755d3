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

}  // namespace pricewatch::queue
