#include "notify/channel.hpp"

namespace pricewatch {

std::vector<send_result> channel::send_all(std::span<const notification> items) {
  std::vector<send_result> results;
  results.reserve(items.size());
  for (const auto& item : items) results.push_back(send(item));
  return results;
}

std::vector<send_result> destination_sender::send_all(std::span<const addressed> deliveries) {
  std::vector<send_result> results;
  results.reserve(deliveries.size());
  for (const auto& delivery : deliveries) results.push_back(send(*delivery.item, *delivery.destination));
  return results;
}

}  // namespace pricewatch
