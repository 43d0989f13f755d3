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
  // It will never fire again: deleted, expired, or triggered by another watcher.
  virtual void alert_deleted(const alert& deleted) = 0;
  // Its fields or status changed: watched anew from now on when created (the crossings' side read
  // from the current price), not at all when paused. previous_symbol, when not empty, is the
  // symbol it was watched under until now.
  virtual void alert_changed(const alert& changed, const std::string& previous_symbol) = 0;
};

}  // namespace pricewatch
