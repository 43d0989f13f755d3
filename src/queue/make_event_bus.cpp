#include "queue/event_bus.hpp"

#include "queue/in_process/in_process_event_bus.hpp"
#include "queue/queue_url.hpp"
#if PRICEWATCH_HAS_RABBITMQ
#include "queue/rabbitmq/rabbitmq_event_bus.hpp"
#endif

namespace pricewatch::queue {

// origin and clock go unused in a build without RabbitMQ.
std::unique_ptr<event_bus> make_event_bus(const std::string& url, [[maybe_unused]] const std::string& origin,
                                          [[maybe_unused]] const monotonic_clock& clock) {
  switch (queue_backend_of(url)) {
    case queue_backend::rabbitmq:
#if PRICEWATCH_HAS_RABBITMQ
      return std::make_unique<rabbitmq_event_bus>(url, origin, clock);
#else
      throw_built_without_rabbitmq();
#endif
    case queue_backend::in_process:
      break;
  }
  return std::make_unique<in_process_event_bus>();
}

}  // namespace pricewatch::queue
