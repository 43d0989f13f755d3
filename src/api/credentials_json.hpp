// Reads {"email", "password"} from a request body: shared by the original register and login
// routes and by /api/v1/users and /api/v1/tokens.
#pragma once

#include "api/json_io.hpp"

#include <string>

namespace pricewatch::api {

struct credentials {
  std::string email;
  std::string password;
};

// validation_failed naming the missing field; the failures of read_object otherwise.
inline result<credentials> read_credentials(const http::request& request, dialect spoken) {
  auto body = read_object(request, spoken);
  if (!body) return body.error();
  auto email = string_field(*body, "email");
  if (!email) return make_failure(errc::validation_failed, "email is required and must be a string.");
  auto password = string_field(*body, "password");
  if (!password) return make_failure(errc::validation_failed, "password is required and must be a string.");
  return credentials{std::move(*email), std::move(*password)};
}

}  // namespace pricewatch::api
