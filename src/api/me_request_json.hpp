// What a PATCH /api/v1/me may change (DESIGN.md section 10), read from its body without touching
// any store: pure, so that unit tests and the request_body fuzz target reach it.
#pragma once

#include "alerts/delivery_preferences.hpp"
#include "core/failure.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace pricewatch::api {

struct me_changes {
  // The stored preferences with the body's timezone, quiet_hours and digest_seconds over them;
  // nullopt when the body names none of the three.
  std::optional<delivery_preferences> preferences;
  std::optional<std::vector<std::int64_t>> default_channels;  // when the body names them
};

// id and email may be sent back as GET /api/v1/me showed them (and are ignored); any other
// member but the four above is refused, naming it. Each member is checked for its shape here;
// what needs the zone database or the user's channels (an IANA zone, quiet hours that end, the
// channels being theirs) is checked by channel_service when stored.
result<me_changes> read_me_changes(const boost::json::object& body, const delivery_preferences& stored);

}  // namespace pricewatch::api
