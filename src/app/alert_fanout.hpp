// Tells every party of a change to the active alerts: the watcher in this process (so its engine
// follows at once), the owner's open event streams (so other tabs and devices follow too) and,
// scaled out, the event bus (so the watchers and api processes elsewhere do the same).
#pragma once

#include "alerts/alert_listener.hpp"
#include "api/stream_events.hpp"
#include "events/event_hub.hpp"
#include "queue/event_bus.hpp"

namespace pricewatch {

class alert_fanout final : public alert_listener {
 public:
  // watcher and bus may be null: this process watches nothing, or runs alone.
  alert_fanout(alert_listener* watcher, event_hub& events, queue::event_bus* bus)
      : watcher_(watcher), events_(events), bus_(bus) {}

  void alert_created(const alert& created) override {
    if (watcher_) watcher_->alert_created(created);
    if (bus_) bus_->publish(queue::alert_event_kind::created, created);
    api::publish_to_owner(events_, "created", created);
  }

  void alert_deleted(const alert& deleted) override {
    if (watcher_) watcher_->alert_deleted(deleted);
    if (bus_) bus_->publish(queue::alert_event_kind::deleted, deleted);
    api::publish_to_owner(events_, "deleted", deleted);
  }

 private:
  alert_listener* watcher_;
  event_hub& events_;
  queue::event_bus* bus_;
};

}  // namespace pricewatch
