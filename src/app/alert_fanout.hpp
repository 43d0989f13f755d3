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
    publish("created", created);
  }

  void alert_deleted(const alert& deleted) override {
    watcher_.alert_deleted(deleted);
    publish("deleted", deleted);
  }

 private:
  // The JSON is only worth building for someone listening.
  void publish(std::string_view type, const alert& changed) {
    const auto topic = event_hub::user_topic(changed.user_id);
    if (events_.has_subscribers(topic)) events_.publish(topic, api::alert_event(type, changed));
  }

  alert_listener& watcher_;
  event_hub& events_;
};

}  // namespace pricewatch
