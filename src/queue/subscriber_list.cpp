#include "queue/event_bus.hpp"

namespace pricewatch::queue {

void subscriber_list::deliver(const alert_event& event, event_origin origin) const {
  for (const auto& reactions : subscribers_) {
    if (reactions.on_alert) reactions.on_alert(event, origin);
  }
}

void subscriber_list::deliver(const price_update& update, event_origin origin) const {
  for (const auto& reactions : subscribers_) {
    if (reactions.on_price) reactions.on_price(update, origin);
  }
}

void subscriber_list::missed() const {
  for (const auto& reactions : subscribers_) {
    if (reactions.on_missed) reactions.on_missed();
  }
}

}  // namespace pricewatch::queue
