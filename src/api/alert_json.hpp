// Alerts as JSON: the original service's four keys and the /api/v1 alert object, and the
// paginated envelope both share.
#pragma once

#include "alerts/alert.hpp"
#include "alerts/pagination.hpp"
#include "http/http_message.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

namespace pricewatch::api {

// {"id", "email", "price" (at least two decimals), "status"}
boost::json::object original_alert_json(const alert& item);

// {"id", "exchange", "symbol", "condition", "price", "percent", "window", "frequency", "cooldown_seconds",
//  "expires_at", "note", "status", "created_at", "triggered_at", "triggered_price", "fire_count",
//  "last_fired_at", "last_fired_price", "notification"} (DESIGN.md section 9)
boost::json::object v1_alert_json(const alert& item);

// {"id", "alert_id", "symbol", "condition", "target", "percent", "price", "fired_at", "deliveries"}
boost::json::object firing_json(const firing_record& item);

// {"status", "attempts", "last_error"}, and with its channel {"channel_id", "type", ..., "sent_at"}.
boost::json::object delivery_json(const delivery_state& delivery, bool with_channel);

// {"count", "next", "previous", "page_size", "results"} with absolute links built from request.
boost::json::object page_json(const http::request& request, const page_request& page, std::int64_t count,
                              boost::json::array results);

}  // namespace pricewatch::api
