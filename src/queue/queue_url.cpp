#include "queue/queue_url.hpp"

#include <stdexcept>

namespace pricewatch::queue {

queue_backend queue_backend_of(const std::string& url) {
  if (url.starts_with("amqp://")) return queue_backend::rabbitmq;
  if (url.starts_with("local://")) return queue_backend::in_process;
  throw std::invalid_argument("queue.url: expected local:// or amqp://USER:PASSWORD@HOST:PORT/VHOST");
}

void throw_built_without_rabbitmq() {
  throw std::invalid_argument(
      "queue.url: pricewatch was built without RabbitMQ support (PRICEWATCH_WITH_RABBITMQ=OFF)");
}

}  // namespace pricewatch::queue
