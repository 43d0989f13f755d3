// What a request's forwarding headers say about its client, believed only when the TCP peer is a
// trusted proxy (DESIGN.md section 8, http.trusted_proxies): Forwarded (RFC 7239), or
// X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host. From anyone else they are ignored, so
// a client cannot pick its own address. Pure: headers in, facts out; garbage never fails.
#pragma once

#include "core/ip_networks.hpp"

#include <boost/asio/ip/address.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pricewatch::http {

struct forwarded_origin {
  std::string client_address;         // as text, IPv6 in RFC 5952 form; "unknown" with no peer
  std::optional<std::string> scheme;  // "http" or "https", when a trusted proxy said which
  std::optional<std::string> host;    // the Host the client sent, when a trusted proxy said; unchecked
};

// headers: every field, names lower-case, in the order received (as request::headers).
//
// Nothing but the peer counts unless the peer is in trusted_proxies. Then:
// - When a Forwarded field is present, it alone is read and the X-Forwarded-* fields are
//   ignored, whatever they say: the standard header is the more precise, and a proxy that sends it
//   says everything there. (A proxy that sends only X-Forwarded-* must therefore remove any
//   Forwarded a client sent, as deploy/nginx/pricewatch.conf does.) Its elements, one per proxy,
//   are walked from the right, past those whose for= is a trusted proxy's address; the first other
//   element describes the client's request: its for= is the client (unless it is "unknown", an
//   obfuscated name or malformed: then the peer stands), its proto= and host= say how the client
//   reached the service. When every element's for= is trusted, the leftmost one describes it.
// - Else X-Forwarded-For is walked from the right the same way: the rightmost address that is
//   not a trusted proxy's is the client's (all trusted: the leftmost). X-Forwarded-Proto and
//   X-Forwarded-Host give their rightmost value, the one the trusted proxy itself set.
// A Forwarded field that does not parse, or an address that is not one where the walk needs it,
// leaves the peer as the client; a proto other than http or https is not believed.
forwarded_origin believed_origin(const std::optional<boost::asio::ip::address>& peer,
                                 const std::vector<std::pair<std::string, std::string>>& headers,
                                 const ip_networks& trusted_proxies);

}  // namespace pricewatch::http
