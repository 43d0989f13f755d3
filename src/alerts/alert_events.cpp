#include "alerts/alert_events.hpp"

namespace pricewatch {

alert as_fired(const fired_record& record) {
  alert changed;
  changed.id = record.alert_id;
  changed.user_id = record.user_id;
  changed.exchange = record.exchange;
  changed.symbol = record.symbol;
  changed.condition = record.condition;
  changed.target = record.target;
  changed.percent_bp = record.percent_bp;
  changed.window = record.window;
  changed.frequency = record.frequency;
  changed.cooldown = record.cooldown;
  changed.created_at = record.created_at;
  changed.status = record.final ? alert_status::triggered : alert_status::created;
  // The first firing's time and price are the alert's own; later ones are only known to be later.
  if (record.sequence == 1) {
    changed.triggered_at = record.triggered_at;
    changed.triggered_price = record.triggered_price;
  }
  changed.fire_count = record.sequence;
  changed.last_fired_at = record.triggered_at;
  changed.last_fired_price = record.triggered_price;
  changed.delivery = delivery_state{"pending", 0, std::nullopt, std::nullopt, std::nullopt, "email"};
  return changed;
}

watched_alert to_watched(const alert& item) {
  return watched_alert{item.id,        item.symbol,    item.condition, item.target,
                       item.created_at, item.percent_bp, item.window,    item.frequency,
                       item.cooldown,  item.last_fired_at, item.fire_count, item.exchange};
}

void follow(alert_listener& engine, const alert_event& event, event_origin origin) {
  switch (event.kind) {
    case alert_event_kind::created:
      engine.alert_created(event.changed);
      return;
    case alert_event_kind::deleted:
    case alert_event_kind::expired:
      engine.alert_deleted(event.changed);
      return;
    case alert_event_kind::updated:
      engine.alert_changed(event.changed, event.previous_symbol);
      return;
    case alert_event_kind::fired:
      // A recurring alert stays: this engine saw the same price, and fired it too (the database
      // kept one of the two firings) or will when its cooldown allows.
      if (origin == event_origin::elsewhere && event.changed.status != alert_status::created) {
        engine.alert_deleted(event.changed);
      }
      return;
  }
}

}  // namespace pricewatch
