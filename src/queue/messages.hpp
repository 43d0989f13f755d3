// The JSON bodies of the messages pricewatch sends through RabbitMQ.
#pragma once

#include "alerts/alert.hpp"

#include <cstdint>
#include <optional>
#include <string>

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

std::string encode_alert_event(const alert_event& event);
std::optional<alert_event> decode_alert_event(const std::string& body);

}  // namespace pricewatch::queue
