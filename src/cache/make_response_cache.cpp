#include "cache/memory/memory_cache.hpp"
#include "cache/redis/redis_cache.hpp"

#include <stdexcept>

namespace pricewatch {

std::unique_ptr<response_cache> make_response_cache(const cache_config& config, const wall_clock& clock) {
  if (config.url == "memory://" || config.url.starts_with("memory:")) {
    return std::make_unique<memory_cache>(config, clock);
  }
  if (config.url.starts_with("redis:")) {
    return std::make_unique<redis_cache>(config, clock);
  }
  throw std::invalid_argument("unsupported cache URL (supported: memory://, redis://HOST:PORT/DB): " + config.url);
}

}  // namespace pricewatch
