#include "api/authenticate.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

namespace pricewatch::api {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

// The header's whitespace-separated parts.
std::vector<std::string_view> parts_of(std::string_view header) {
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  while (at < header.size()) {
    while (at < header.size() && is_space(header[at])) ++at;
    const auto start = at;
    while (at < header.size() && !is_space(header[at])) ++at;
    if (at > start) parts.push_back(header.substr(start, at - start));
  }
  return parts;
}

bool is_bearer(std::string_view scheme) {
  constexpr std::string_view bearer = "bearer";
  return scheme.size() == bearer.size() &&
         std::equal(bearer.begin(), bearer.end(), scheme.begin(),
                    [](char expected, char actual) { return expected == std::tolower(static_cast<unsigned char>(actual)); });
}

// The token of a "Bearer" header, or the failure: no header or another scheme is no credentials;
// "Bearer" with no token or more than one is a malformed header (the scheme is read in any case,
// where the original read only "Bearer").
result<std::string> bearer_token(const http::request& request) {
  const auto parts = parts_of(request.header("authorization"));
  if (parts.empty() || !is_bearer(parts.front())) {
    return make_failure(errc::unauthenticated, "Authentication credentials were not provided.");
  }
  if (parts.size() != 2) return make_failure(errc::invalid_token, std::string(bad_authorization_header_message));
  return std::string(parts[1]);
}

}  // namespace

result<token_claims> authenticate(const http::request& request, authenticator& callers) {
  auto token = bearer_token(request);
  if (!token) return token.error();
  return callers.authenticate(*token);
}

std::optional<result<token_claims>> authenticate_without_blocking(const http::request& request,
                                                                  const authenticator& callers) {
  auto token = bearer_token(request);
  if (!token) return result<token_claims>(token.error());
  return callers.authenticate_known(*token);
}

}  // namespace pricewatch::api
