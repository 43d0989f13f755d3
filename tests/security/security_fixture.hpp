// What the attack suites share on top of the end-to-end fixture (tests/e2e/e2e_fixture.hpp): the
// table of routes that act for a user, a fresh token's payload, and the checks every attack ends
// with (an answer in the 4xx family, never a 5xx; the service still serving).
#pragma once

#include "e2e_fixture.hpp"
#include "http_client.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch::security {

using namespace pricewatch::e2e;  // NOLINT: the suites are written in the end-to-end vocabulary

// A route that acts for its caller; "{id}" in the target is replaced by an alert id.
struct user_route {
  std::string method;
  std::string target;
  std::string body;  // sent as JSON when not empty
};

// Every route and stream that needs a token (ORIGINAL_API.md, docs/api.md).
const std::vector<user_route>& user_routes();

// The target with "{id}" replaced.
std::string with_id(std::string_view target, std::int64_t id);

// A real token's payload made fresh: new jti, iat now, exp in 30 minutes.
boost::json::object fresh_payload(const decoded_token& real);

std::int64_t now_seconds();

// Sends the request and returns the answer; a 5xx fails the test, naming the request.
http_response send_checked(http_client& http, std::string_view method, std::string_view target,
                           std::string_view body = {}, const header_list& headers = {});

// Creates an alert through /api/v1/alerts; its id, or 0 and a failure.
std::int64_t create_v1_alert(http_client& http, std::string_view token, std::string_view body);

}  // namespace pricewatch::security
