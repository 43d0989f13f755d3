// What each part of a process does when an alert changes or a price arrives: the subscribers the
// composition root hands the event bus, as its roles ask (deployment_plan). Every rule about who
// follows what lives here, where unit tests reach it.
#pragma once

#include "queue/event_bus.hpp"
#include "watch/watcher.hpp"

#include <functional>

namespace pricewatch {

class event_hub;
class price_boards;
class response_cache;
class wall_clock;

// The watcher's engine follows every change (alerts/alert_events.hpp: follow) and is rebuilt
// from the database when events from elsewhere may have been lost.
queue::subscriber engine_reactions(alert_listener& engine, std::function<void()> rebuild);

// The owners' open event streams show every change and every price.
queue::subscriber stream_reactions(event_hub& events);

// Cached responses of the alert's owner are dropped when it changes. Alerts fired here are left
// to the watcher, which drops its owners' responses once per batch, off its strand.
queue::subscriber cache_reactions(response_cache& cache);

// An api process with no watcher of its own shows the prices other processes' watchers publish.
queue::subscriber price_mirror(price_boards& boards, const wall_clock& clock);

// The watcher publishes each accepted price and each alert the database accepted as fired, and
// tells the delivery workers that the outbox has work.
watcher::hooks publishing_hooks(queue::event_bus& bus, std::function<void()> outbox_changed);

}  // namespace pricewatch
