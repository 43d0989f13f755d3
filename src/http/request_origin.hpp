// Who sent a request and where links back to the service begin: fills a request's
// client_address, scheme, host and base_url from the TCP peer, a trusted proxy's forwarding
// headers (forwarded.hpp) and http.public_url (DESIGN.md section 8).
#pragma once

#include "core/ip_networks.hpp"
#include "http/http_message.hpp"

#include <boost/asio/ip/address.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace pricewatch::http {

struct origin_settings {
  ip_networks trusted_proxies;  // peers whose forwarding headers are believed; none by default
  std::string public_url;       // http.public_url as config normalised it (no trailing "/"); "" when unset
};

// Sets incoming.client_address, scheme, host and base_url (http_message.hpp says what each is).
// peer is nullopt when the socket could not tell it.
void resolve_origin(request& incoming, const std::optional<boost::asio::ip::address>& peer,
                    const origin_settings& settings);

// host[:port] when it can stand as a URL's authority as it is ("alerts.example.com",
// "127.0.0.1:8000", "[::1]:8000"); nullopt for an empty, hostile or malformed one, which links
// must never echo (a user part, a path, markup).
std::optional<std::string> url_host(std::string_view host);

// Where absolute links to the service begin: http.public_url when set, whatever the request
// says; else the scheme and host the client used, with "localhost" when the host is unfit.
std::string base_url(std::string_view scheme, std::string_view host, std::string_view public_url);

}  // namespace pricewatch::http
