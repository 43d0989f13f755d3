// Channels as JSON (DESIGN.md section 10): the channel object, and the fields of a request to add
// or change one.
#pragma once

#include "alerts/channel_service.hpp"
#include "alerts/delivery_channel.hpp"
#include "core/failure.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace pricewatch::api {

// {"id", "type", "name", "config", "status", "status_reason", "is_default", "created_at"} and,
// only when just made, "secret". A token in the config is shown masked.
boost::json::object channel_json(const delivery_channel& channel, const std::optional<std::string>& secret = std::nullopt);

// "type", "name", "config" (an object of strings), "status"; validation_failed naming the field
// at fault. Unknown members are refused so that a typo does not pass silently.
result<channel_request> read_channel_request(const boost::json::object& body);

}  // namespace pricewatch::api
