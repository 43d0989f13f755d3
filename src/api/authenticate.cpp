#include "api/authenticate.hpp"

#include <cctype>

namespace pricewatch::api {

result<token_claims> authenticate(const http::request& request, const token_service& tokens) {
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
  return tokens.verify(std::string(header));
}

}  // namespace pricewatch::api
