// The JSON bodies of the messages pricewatch sends through RabbitMQ.
#pragma once

#include "alerts/alert.hpp"

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

enum class alert_event_kind { created, deleted, fired };

// A change to an alert, from the process that made it (origin) to every other process.
struct alert_event {
  alert_event_kind kind = alert_event_kind::created;
  std::string origin;
  alert changed;
};

// The last price of a symbol, from a watcher to the api processes (their price routes and
// streams); sent a few times a second per symbol at most.
struct price_update {
  std::string origin;
  std::string symbol;
  price value;
  time_point trade_time;
};

std::string encode_alert_event(const alert_event& event);
std::string encode_price_update(const price_update& update);
// Either kind of event; nullopt for anything malformed.
std::optional<std::variant<alert_event, price_update>> decode_event(const std::string& body);

}  // namespace pricewatch::queue
