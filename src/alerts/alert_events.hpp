// What happens to alerts and prices, as every part that reacts hears it: the watcher's engine,
// the owners' event streams, the response cache and (scaled out) other processes. The domain
// publishes through alert_publisher; queue/event_bus carries the events to the subscribers.
#pragma once

#include "alerts/alert.hpp"
#include "alerts/alert_listener.hpp"
#include "alerts/notification.hpp"
#include "core/clock.hpp"
#include "core/price.hpp"

#include <string>

namespace pricewatch {

enum class alert_event_kind { created, deleted, fired };

struct alert_event {
  alert_event_kind kind = alert_event_kind::created;
  alert changed;  // as it is after the change
};

// An accepted trade price of a symbol.
struct price_update {
  std::string symbol;
  price value;
  time_point trade_time;
};

// Whether an event was published in this process or received from another one (scale-out).
enum class event_origin { here, elsewhere };

class alert_publisher {
 public:
  virtual ~alert_publisher() = default;
  // Hands the event to every subscriber in this process before it returns, and on to other
  // processes; never blocks on the network. Called from request threads and the watcher.
  virtual void publish(const alert_event& event) = 0;
};

// The alert as its owner's streams show a fired one: triggered, its email pending.
alert as_triggered(const fired_record& record);

// How an engine of active alerts follows an event: a created alert is added, a deleted one
// dropped, and one fired by another watcher dropped too; one fired here left the engine when it
// fired, so that event changes nothing.
void follow(alert_listener& engine, const alert_event& event, event_origin origin);

}  // namespace pricewatch
