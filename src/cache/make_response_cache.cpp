#include "cache/memory/memory_cache.hpp"
#if PRICEWATCH_HAS_REDIS
#include "cache/redis/redis_cache.hpp"
#endif

#include <stdexcept>

namespace pricewatch {

std::unique_ptr<response_cache> make_response_cache(const cache_config& config, const wall_clock& clock) {
  if (config.url == "memory://" || config.url.starts_with("memory:")) {
    return std::make_unique<memory_cache>(config, clock);
  }
  if (config.url.starts_with("redis:")) {
#if PRICEWATCH_HAS_REDIS
    return std::make_unique<redis_cache>(config, clock);
#else
    throw std::invalid_argument("cache.url: pricewatch was built without Redis support (PRICEWATCH_WITH_REDIS=OFF)");
#endif
  }
  throw std::invalid_argument("unsupported cache URL (supported: memory://, redis://HOST:PORT/DB): " + config.url);
}

}  // namespace pricewatch
