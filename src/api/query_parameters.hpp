// Query strings of list routes: reading parameters and building the absolute next/previous links.
#pragma once

#include "http/http_message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch::api {

// The decoded value of the first parameter of that name; nullopt when absent.
std::optional<std::string> query_parameter(std::string_view query, std::string_view name);

// "<base URL><path>?<query with page set>", the base being the request's (http.public_url, else
// the scheme and host the client used: http/request_origin.hpp); the link to page 1 drops "page"
// altogether, as the original did. Other parameters are kept in their order.
std::string page_link(const http::request& request, std::int64_t page);

}  // namespace pricewatch::api
