#include "alerts/firing_parts.hpp"

#include <unordered_set>

namespace pricewatch {

std::vector<std::span<const firing>> firing_parts(std::span<const firing> batch, std::size_t most) {
  std::vector<std::span<const firing>> parts;
  std::unordered_set<std::int64_t> in_part;
  std::size_t first = 0;
  for (std::size_t index = 0; index < batch.size(); ++index) {
    const auto& item = batch[index];
    const auto& lead = batch[first];
    const bool same_tick = item.at == lead.at && item.triggered_price == lead.triggered_price;
    if (index > first && (!same_tick || index - first == most || in_part.contains(item.alert_id))) {
      parts.push_back(batch.subspan(first, index - first));
      first = index;
      in_part.clear();
    }
    in_part.insert(item.alert_id);
  }
  if (first < batch.size()) parts.push_back(batch.subspan(first));
  return parts;
}

}  // namespace pricewatch
