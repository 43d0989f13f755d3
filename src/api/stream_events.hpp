// The events the streams carry, as JSON: a price, and a change to one of a user's alerts.
#pragma once

#include "alerts/alert_events.hpp"
#include "core/clock.hpp"
#include "core/price.hpp"
#include "events/event_hub.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace pricewatch::api {

// event "price": {"exchange", "symbol", "price", "trade_time"} (Binance's unless said)
stream_event price_event(const std::string& symbol, price value, time_point trade_time,
                         exchange_id exchange = exchange_id::binance);

// The topic of an exchange's symbol's price stream: Binance's symbols' as before exchanges.
std::string price_topic(exchange_id exchange, const std::string& symbol);

// event "alert": {"type": "created"|"deleted"|"triggered", "alert": the /api/v1 alert object}
stream_event alert_change_event(std::string_view type, const alert& changed);

// event "session_ended": {"reason": "token_expired"|"account_gone", "message"}, the last event of
// an alert stream whose token has expired (checked first) or whose account no longer exists
// (asked of account_exists only then); nullopt while both still allow it.
std::optional<stream_event> session_end_event(std::int64_t now_seconds, std::int64_t token_expires_at,
                                              const std::function<bool()>& account_exists);

// Publish to the symbol's or the owner's streams; the JSON is only built for someone listening.
void publish_price(event_hub& events, const price_update& update);
void publish_to_owner(event_hub& events, std::string_view type, const alert& changed);
// The change as its "type": created, deleted, updated, expired; a firing is "triggered" when it
// made the alert triggered (once), "fired" when the alert recurs and stays active.
std::string_view stream_type(const alert_event& event);
void publish_to_owner(event_hub& events, const alert_event& event);

}  // namespace pricewatch::api
