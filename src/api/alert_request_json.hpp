// Reads an alert request from a JSON object: "symbol" (default BTCUSDT), "condition" (default
// above) and "price"; shared by the original and the /api/v1 routes.
#pragma once

#include "alerts/alert.hpp"
#include "api/json_io.hpp"
#include "core/failure.hpp"

#include <boost/json/object.hpp>

namespace pricewatch::api {

// validation_failed naming the field at fault.
result<alert_request> read_alert_request(const boost::json::object& body, dialect spoken);

}  // namespace pricewatch::api
