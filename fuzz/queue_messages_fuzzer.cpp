// The queue's messages (src/queue/rabbitmq/messages.hpp): a job or an event read from RabbitMQ,
// which anyone with access to the broker can publish. A message that decodes must encode to one
// that decodes to the same thing.
#include "fuzz_input.hpp"
#include "queue/rabbitmq/messages.hpp"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace queue = pricewatch::queue;
  const std::string body(pricewatch::fuzz::text_of(data, size));
  if (const auto job = queue::decode_job(body)) {
    const auto again = queue::decode_job(queue::encode_job(*job));
    if (!again || again->notification_id != job->notification_id || again->attempts != job->attempts) std::abort();
  }
  if (const auto event = queue::decode_event(body)) {
    const auto encoded = std::holds_alternative<queue::alert_message>(*event)
                             ? queue::encode_alert_message(std::get<queue::alert_message>(*event))
                             : queue::encode_price_message(std::get<queue::price_message>(*event));
    if (!queue::decode_event(encoded)) std::abort();
  }
  return 0;
}
