#include "app/alert_reactions.hpp"

#include "api/stream_events.hpp"
#include "cache/response_cache.hpp"
#include "watch/price_boards.hpp"

namespace pricewatch {

queue::subscriber engine_reactions(alert_listener& engine, std::function<void()> rebuild) {
  return queue::subscriber{
      [&engine](const alert_event& event, event_origin origin) { follow(engine, event, origin); },
      nullptr,
      std::move(rebuild),
  };
}

queue::subscriber stream_reactions(event_hub& events) {
  return queue::subscriber{
      [&events](const alert_event& event, event_origin) { api::publish_to_owner(events, event); },
      [&events](const price_update& update, event_origin) {
        api::publish_price(events, update);
      },
      nullptr,
  };
}

queue::subscriber cache_reactions(response_cache& cache) {
  return queue::subscriber{
      [&cache](const alert_event& event, event_origin origin) {
        if (event.kind == alert_event_kind::fired && origin == event_origin::here) return;
        cache.invalidate_user(event.changed.user_id);
      },
      nullptr,
      nullptr,
  };
}

queue::subscriber price_mirror(price_boards& boards, const wall_clock& clock) {
  return queue::subscriber{
      nullptr,
      [&boards, &clock](const price_update& update, event_origin) {
        auto& board = boards.of(update.exchange);
        board.set_live(true);
        board.update(update.symbol, board_entry{update.value, update.trade_time, clock.now()});
      },
      nullptr,
  };
}

watcher::hooks publishing_hooks(queue::event_bus& bus, std::function<void()> outbox_changed) {
  watcher::hooks hooks;
  hooks.on_price = [&bus](exchange_id exchange, const std::string& symbol, price value, time_point trade_time) {
    bus.publish_price(price_update{symbol, value, trade_time, exchange});
  };
  hooks.on_fired = [&bus, outbox_changed = std::move(outbox_changed)](const std::vector<fired_record>& fired) {
    outbox_changed();
    for (const auto& record : fired) bus.publish(alert_event{alert_event_kind::fired, as_fired(record)});
  };
  hooks.on_expired = [&bus](const std::vector<alert>& expired) {
    for (const auto& item : expired) bus.publish(alert_event{alert_event_kind::expired, item});
  };
  return hooks;
}

}  // namespace pricewatch
