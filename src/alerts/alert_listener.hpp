// Told of every change to the set of active alerts, so that whoever watches prices updates at
// once: the in-process watcher in the embedded mode, a message bus when scaled out.
// Called from request threads; implementations hand the change over without blocking.
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

// For processes that watch nothing (and for tests of the API alone).
class ignore_alert_changes final : public alert_listener {
 public:
  void alert_created(const alert&) override {}
  void alert_deleted(const alert&) override {}
};

}  // namespace pricewatch
