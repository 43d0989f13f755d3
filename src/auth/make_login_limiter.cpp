#include "auth/login_limiter.hpp"
#include "auth/redis_login_limiter.hpp"

#include <stdexcept>

namespace pricewatch {

std::unique_ptr<login_limiter> make_login_limiter(const std::string& cache_url, login_limits limits,
                                                  const wall_clock& clock) {
  if (cache_url.starts_with("memory:")) {
    return std::make_unique<memory_login_limiter>(limits, clock);
  }
  if (cache_url.starts_with("redis:")) {
    return std::make_unique<redis_login_limiter>(cache_url, limits, clock);
  }
  throw std::invalid_argument("unsupported cache URL for the login limiter (supported: memory://, "
                              "redis://HOST:PORT/DB): " + cache_url);
}

}  // namespace pricewatch
