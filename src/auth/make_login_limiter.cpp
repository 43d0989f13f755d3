#include "auth/login_limiter.hpp"
#if PRICEWATCH_HAS_REDIS
#include "auth/redis_login_limiter.hpp"
#endif

#include <stdexcept>

namespace pricewatch {

std::unique_ptr<login_limiter> make_login_limiter(const std::string& cache_url, login_limits limits,
                                                  const wall_clock& clock) {
  if (cache_url.starts_with("memory:")) {
    return std::make_unique<memory_login_limiter>(limits, clock);
  }
  if (cache_url.starts_with("redis:")) {
#if PRICEWATCH_HAS_REDIS
    return std::make_unique<redis_login_limiter>(cache_url, limits, clock);
#else
    throw std::invalid_argument("cache.url: pricewatch was built without Redis support (PRICEWATCH_WITH_REDIS=OFF)");
#endif
  }
  throw std::invalid_argument("unsupported cache URL for the login limiter (supported: memory://, "
                              "redis://HOST:PORT/DB): " + cache_url);
}

}  // namespace pricewatch
