// Expected failures (validation, not found, conflict, bad credentials...) as values: a code that
// picks the HTTP status and a message that is safe to show the client.
#pragma once

#include <boost/system/result.hpp>

#include <cstdint>
#include <string>

namespace pricewatch {

enum class errc {
  validation_failed = 1,  // 400
  not_found,              // 404, also for another user's resource
  conflict,               // 409
  unauthenticated,        // 401, no credentials sent
  invalid_token,          // 401, credentials sent but not valid
  invalid_credentials,    // 401, wrong email or password
  rate_limited,           // 429, with retry_after_seconds
  unsupported_media_type, // 415
  backend_unavailable,    // 503
};

struct failure {
  errc code;
  std::string message;
  std::int64_t retry_after_seconds = 0;
};

// The outcome of an operation that can fail in an expected way.
template <class T>
using result = boost::system::result<T, failure>;

inline failure make_failure(errc code, std::string message) { return failure{code, std::move(message)}; }

// Called by result<T>::value() on a failure; a programmer error, since callers check first.
[[noreturn]] void throw_exception_from_error(const failure& error, const boost::source_location& location);

}  // namespace pricewatch
