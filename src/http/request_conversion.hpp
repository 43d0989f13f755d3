// Between Beast's messages and the plain request/response the handlers see: decoding the target,
// lower-casing header names, assigning request ids, and answering what could not be read.
#pragma once

#include "http/http_message.hpp"
#include "http/request_origin.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include <optional>
#include <variant>

namespace pricewatch::http {

class router;

using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
using beast_response = boost::beast::http::response<boost::beast::http::string_body>;

using beast_request_header = boost::beast::http::request_header<>;

// The answer to a request whose framing cannot be trusted, read from its header before any of its
// body: the connection must then close, since where this request ends and the next begins is
// unknown (RFC 9112 sections 3.2 and 6). 400 for an HTTP/1.1 request without exactly one Host, a
// Transfer-Encoding in HTTP/1.0 or one whose final coding is not chunked (its body would be read
// as the next request: request smuggling); 501 for a coding other than chunked, which is not
// implemented. nullopt for a request that is framed soundly.
std::optional<response> framing_error(const beast_request_header& header, const router& routes);

// The request, or the 400 to answer when its target is not a valid origin-form path or it carries
// more than one Authorization header (which one a proxy judged is unknown). The
// request id is the client's X-Request-Id when it is short and safe to log, else fresh_request_id.
// Its client address, scheme, host and base URL come from the peer and, when the peer is a
// trusted proxy, its forwarding headers (resolve_origin).
std::variant<request, response> convert_request(const beast_request& message,
                                                const std::optional<boost::asio::ip::address>& peer,
                                                const origin_settings& origin, const std::string& fresh_request_id,
                                                const router& routes);

// 413, 431 or 400 for a request that broke a limit or the protocol; nullopt when the peer is
// gone or timed out and there is nobody to answer.
std::optional<response> response_for_read_error(const boost::system::error_code& error, const router& routes);

// The answer as Beast sends it, with the request id, `Cache-Control: no-store` unless the handler
// set one, and the security headers.
beast_response convert_response(response answer, unsigned version, bool keep_alive, const std::string& request_id);

// What every answer carries (the headers the original's Django sent, and the opener policy),
// unless the handler set its own (the app's pages send a stricter Referrer-Policy):
// X-Content-Type-Options: nosniff, X-Frame-Options: DENY, Referrer-Policy: same-origin,
// Cross-Origin-Opener-Policy: same-origin.
void add_security_headers(boost::beast::http::fields& fields);

}  // namespace pricewatch::http
