// Tells every party of a change to the active alerts: the watcher (so its engine follows at
// once) and the owner's open event streams (so other tabs and devices follow too).
#pragma once

#include "alerts/alert_listener.hpp"
#include "api/stream_events.hpp"
#include "events/event_hub.hpp"

namespace pricewatch {

class alert_fanout final : public alert_listener {
 public:
  alert_fanout(alert_listener& watcher, event_hub& events) : watcher_(watcher), events_(events) {}

  void alert_created(const alert& created) override {
    watcher_.alert_created(created);
    events_.publish(event_hub::user_topic(created.user_id), api::alert_event("created", created));
  }

  void alert_deleted(const alert& deleted) override {
    watcher_.alert_deleted(deleted);
    events_.publish(event_hub::user_topic(deleted.user_id), api::alert_event("deleted", deleted));
  }

 private:
  alert_listener& watcher_;
  event_hub& events_;
};

}  // namespace pricewatch
