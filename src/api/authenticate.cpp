#include "api/authenticate.hpp"

#include <cctype>

namespace pricewatch::api {
namespace {

// The token of a "Bearer" header, or the failure for a missing or other scheme.
result<std::string> bearer_token(const http::request& request) {
  auto header = request.header("authorization");
  constexpr std::string_view scheme = "bearer ";
  const bool bearer = header.size() > scheme.size() &&
                      std::equal(scheme.begin(), scheme.end(), header.begin(), [](char expected, char actual) {
                        return expected == std::tolower(static_cast<unsigned char>(actual));
                      });
  if (!bearer) {
    return make_failure(errc::unauthenticated, "Authentication credentials were not provided.");
  }
  header.remove_prefix(scheme.size());
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  return std::string(header);
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
