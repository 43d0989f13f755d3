// What happens to alerts and prices, as every part that reacts hears it: the watcher's engine,
// the owners' event streams, the response cache and (scaled out) other processes. The domain
// publishes through alert_publisher; queue/event_bus carries the events to the subscribers.
#pragma once

#include "alerts/alert.hpp"
#include "alerts/alert_listener.hpp"
#include "alerts/notification.hpp"
#include "alerts/trigger_engine.hpp"
#include "core/clock.hpp"
#include "core/price.hpp"

#include <string>

namespace pricewatch {

// created, deleted and expired as they say; fired: a firing was recorded (the alert triggered, or
// still active when it recurs); updated: its fields or status changed (PATCH, pause, resume).
enum class alert_event_kind { created, deleted, fired, updated, expired };

struct alert_event {
  alert_event_kind kind = alert_event_kind::created;
  alert changed;  // as it is after the change
  // updated: the symbol it had before, when the change moved it to another one; else empty.
  std::string previous_symbol{};
};

// An accepted trade price of a symbol on an exchange.
struct price_update {
  std::string symbol;
  price value;
  time_point trade_time;
  exchange_id exchange = exchange_id::binance;
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

// The alert as its owner's streams show it after a firing: triggered (or, recurring, still
// active), its email pending.
alert as_fired(const fired_record& record);

// How a trigger engine watches an alert.
watched_alert to_watched(const alert& item);

// How an engine of active alerts follows an event: a created alert is added; a deleted or expired
// one dropped; an updated one watched anew (or not at all, paused); one fired by another watcher
// dropped when that made it triggered. One fired here was dealt with by the engine when it fired,
// so that event changes nothing.
void follow(alert_listener& engine, const alert_event& event, event_origin origin);

}  // namespace pricewatch
