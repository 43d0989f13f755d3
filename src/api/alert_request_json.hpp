// Reads an alert's fields from a JSON object. The original routes read "symbol" (default
// BTCUSDT), "condition" (above or below, default above) and "price"; /api/v1 reads every field of
// DESIGN.md section 9, for a create and for a change (PATCH, which may also say "paused"), and
// "exchange" (section 11, default binance; the symbol's form is checked with it by the rules).
#pragma once

#include "alerts/alert.hpp"
#include "alerts/alert_patch.hpp"
#include "api/json_io.hpp"
#include "core/failure.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace pricewatch::api {

// A list of channel ids (JSON integers, up to 20), ascending and distinct; null is the empty list.
// validation_failed naming field otherwise.
result<std::vector<std::int64_t>> read_channel_ids(const boost::json::value& value, std::string_view field);

// The fields present (null is absent), each checked for its type and own range; validation_failed
// naming the field at fault. The rules between fields are alert_service's (alerts/alert_rules.hpp).
result<alert_patch> read_alert_patch(const boost::json::object& body, dialect spoken);

// A new alert: the fields given over the defaults (BTCUSDT, above, once, a cooldown of 60 s);
// a level or crossing without a price is "Price is required.".
result<alert_request> read_alert_request(const boost::json::object& body, dialect spoken);

}  // namespace pricewatch::api
