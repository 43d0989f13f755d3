// The caller's account as GET /api/v1/me shows it (and the export's "account" starts from it).
#pragma once

#include "api/services.hpp"
#include "auth/token_service.hpp"

#include <boost/json/object.hpp>

namespace pricewatch::api {

// id, email, default_channels, timezone, quiet_hours, digest_seconds.
boost::json::object me_json(const services& services, const token_claims& caller);

}  // namespace pricewatch::api
