// The embedded mode's event bus: one process, so an event reaches its subscribers, on the
// publisher's thread, and goes nowhere else. Nothing is ever missed.
#pragma once

#include "queue/event_bus.hpp"

namespace pricewatch::queue {

class in_process_event_bus final : public event_bus {
 public:
  void subscribe(subscriber reactions) override { subscribers_.add(std::move(reactions)); }
  void publish(const alert_event& event) override { subscribers_.deliver(event, event_origin::here); }
  void publish_price(const price_update& update) override { subscribers_.deliver(update, event_origin::here); }
  void start() override {}
  void stop() override {}

 private:
  subscriber_list subscribers_;
};

}  // namespace pricewatch::queue
