// Alerts as JSON: the original service's four keys and the /api/v1 alert object, and the
// paginated envelope both share.
#pragma once

#include "alerts/alert.hpp"
#include "alerts/pagination.hpp"
#include "http/http_message.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace pricewatch::api {

// {"id", "email", "price" (at least two decimals), "status"}
boost::json::object original_alert_json(const alert& item);

// {"id", "symbol", "condition", "price", "status", "created_at", "triggered_at",
//  "triggered_price", "notification"}
boost::json::object v1_alert_json(const alert& item);

// {"count", "next", "previous", "page_size", "results"} with absolute links built from request.
boost::json::object page_json(const http::request& request, const page_request& page, std::int64_t count,
                              boost::json::array results);

}  // namespace pricewatch::api
