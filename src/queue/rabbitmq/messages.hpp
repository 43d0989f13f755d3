// The JSON bodies of the messages pricewatch sends through RabbitMQ.
#pragma once

#include "alerts/alert_events.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace pricewatch::queue {

// "Send notification id, which had `attempts` attempts before": the attempt count makes copies
// of one job (redeliveries, republished jobs) claim the row at most once (notification_store::claim).
struct job {
  std::int64_t notification_id = 0;
  std::int64_t attempts = 0;
};

std::string encode_job(const job& item);
std::optional<job> decode_job(const std::string& body);

// A change to an alert, from the process that made it (origin) to every other process.
struct alert_message {
  std::string origin;
  alert_event event;
};

// The last price of a symbol, from a watcher to the api processes (their price routes and
// streams); sent a few times a second per symbol at most.
struct price_message {
  std::string origin;
  price_update update;
};

std::string encode_alert_message(const alert_message& message);
std::string encode_price_message(const price_message& message);
// Either kind of event; nullopt for anything malformed.
std::optional<std::variant<alert_message, price_message>> decode_event(const std::string& body);

}  // namespace pricewatch::queue
