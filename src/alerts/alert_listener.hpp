// An engine of active alerts that follows changes to them as they are made (the watcher; see
// follow() in alerts/alert_events.hpp). Called from request threads and the event bus's receiver;
// implementations hand the change over without blocking.
#pragma once

#include "alerts/alert.hpp"

#include <cstdint>
#include <string>

namespace pricewatch {

class alert_listener {
 public:
  virtual ~alert_listener() = default;
  virtual void alert_created(const alert& created) = 0;
  virtual void alert_deleted(const alert& deleted) = 0;
};

}  // namespace pricewatch
