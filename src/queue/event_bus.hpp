// Carries alert events and prices to everything that reacts to them. Every subscriber in this
// process hears each event published here, before publish() returns (so a request's own change
// is in the cache and the streams when it is answered); scaled out, events also travel to the
// other processes and theirs arrive here, marked event_origin::elsewhere.
// Two implementations behind make_event_bus: in_process/ (the embedded mode) and rabbitmq/.
#pragma once

#include "alerts/alert_events.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace pricewatch::queue {

// What a part of the process does with the events; any of the three may be empty. Called on the
// publisher's thread for events from here and on the bus's receiver thread for the others': they
// must not block for long.
struct subscriber {
  std::function<void(const alert_event&, event_origin)> on_alert;
  std::function<void(const price_update&, event_origin)> on_price;
  // Events from elsewhere may have been lost (the bus reconnected): rebuild from the database.
  std::function<void()> on_missed;
};

class event_bus : public alert_publisher {
 public:
  // Subscribers are added while the process is wired, before start().
  virtual void subscribe(subscriber reactions) = 0;
  // Only the latest price of a symbol need reach other processes: they show prices, they need
  // not see every trade. Never blocks.
  virtual void publish_price(const price_update& update) = 0;
  virtual void start() = 0;
  // Idempotent; events still waiting for the network are dropped (events are not the source of
  // truth: watchers reconcile with the database).
  virtual void stop() = 0;
};

// Every alert event and price reaches each subscriber: fires them in order, for the two
// implementations to share.
class subscriber_list {
 public:
  void add(subscriber reactions) { subscribers_.push_back(std::move(reactions)); }
  bool empty() const { return subscribers_.empty(); }
  void deliver(const alert_event& event, event_origin origin) const;
  void deliver(const price_update& update, event_origin origin) const;
  void missed() const;

 private:
  std::vector<subscriber> subscribers_;
};

// For queue.url (local:// or amqp://...); origin names this process in the events it sends (a
// random name: a process skips its own events when they come back). Throws std::invalid_argument
// naming queue.url for a URL it cannot use.
std::unique_ptr<event_bus> make_event_bus(const std::string& url, const std::string& origin,
                                          const monotonic_clock& clock);

}  // namespace pricewatch::queue
