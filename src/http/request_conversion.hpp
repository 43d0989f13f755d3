// Between Beast's messages and the plain request/response the handlers see: decoding the target,
// lower-casing header names, assigning request ids, and answering what could not be read.
#pragma once

#include "http/http_message.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include <optional>
#include <variant>

namespace pricewatch::http {

class router;

using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
using beast_response = boost::beast::http::response<boost::beast::http::string_body>;

// The request, or the 400 to answer when its target is not a valid origin-form path. The
// request id is the client's X-Request-Id when it is short and safe to log, else fresh_request_id.
std::variant<request, response> convert_request(const beast_request& message, const std::string& client_address,
                                                const std::string& fresh_request_id, const router& routes);

// 413, 431 or 400 for a request that broke a limit or the protocol; nullopt when the peer is
// gone or timed out and there is nobody to answer.
std::optional<response> response_for_read_error(const boost::system::error_code& error, const router& routes);

beast_response convert_response(response answer, unsigned version, bool keep_alive, const std::string& request_id);

}  // namespace pricewatch::http
