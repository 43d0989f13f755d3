#include "notify/delivery_lanes.hpp"

namespace pricewatch {

std::vector<std::optional<channel_type>> delivery_lanes(bool by_type, std::int64_t mail_workers,
                                                        std::int64_t workers_per_http_type) {
  if (!by_type) return std::vector<std::optional<channel_type>>(static_cast<std::size_t>(mail_workers), std::nullopt);
  std::vector<std::optional<channel_type>> lanes(static_cast<std::size_t>(mail_workers), channel_type::email);
  for (const auto type : {channel_type::webhook, channel_type::telegram, channel_type::discord, channel_type::slack,
                          channel_type::ntfy}) {
    for (std::int64_t worker = 0; worker < workers_per_http_type; ++worker) lanes.emplace_back(type);
  }
  return lanes;
}

}  // namespace pricewatch
