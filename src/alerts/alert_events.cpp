#include "alerts/alert_events.hpp"

namespace pricewatch {

alert as_triggered(const fired_record& record) {
  alert changed;
  changed.id = record.alert_id;
  changed.user_id = record.user_id;
  changed.symbol = record.symbol;
  changed.condition = record.condition;
  changed.target = record.target;
  changed.created_at = record.created_at;
  changed.status = alert_status::triggered;
  changed.triggered_at = record.triggered_at;
  changed.triggered_price = record.triggered_price;
  changed.delivery = delivery_state{"pending", 0, std::nullopt};
  return changed;
}

void follow(alert_listener& engine, const alert_event& event, event_origin origin) {
  switch (event.kind) {
    case alert_event_kind::created:
      engine.alert_created(event.changed);
      return;
    case alert_event_kind::deleted:
      engine.alert_deleted(event.changed);
      return;
    case alert_event_kind::fired:
      if (origin == event_origin::elsewhere) engine.alert_deleted(event.changed);
      return;
  }
}

}  // namespace pricewatch
