#include "cache/memory/memory_cache.hpp"

#include <stdexcept>

namespace pricewatch {

std::unique_ptr<response_cache> make_response_cache(const cache_config& config, const wall_clock& clock) {
  if (config.url == "memory://" || config.url.starts_with("memory:")) {
    return std::make_unique<memory_cache>(config, clock);
  }
  throw std::invalid_argument("unsupported cache URL (this build supports memory://): " + config.url);
}

}  // namespace pricewatch
