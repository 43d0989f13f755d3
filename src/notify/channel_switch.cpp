#include "notify/channel_switch.hpp"

#include "storage/channel_store.hpp"

namespace pricewatch {

send_result channel_switch::send(const notification& item) {
  if (item.channel == channel_type::email) return email_.send(item);
  if (!item.channel_id) return send_failure{"no channel recorded for this delivery", true, std::nullopt};
  const auto destination = channels_.find_by_id(*item.channel_id);
  if (!destination || destination->status == channel_status::deleted) {
    return send_failure{"the channel was deleted", true, std::nullopt};
  }
  if (destination->status == channel_status::disabled) {
    return send_failure{"the channel is disabled: " + destination->status_reason.value_or("by its owner"), true,
                        std::nullopt};
  }
  return send_to(item, *destination);
}

send_result channel_switch::send_to(const notification& item, const delivery_channel& destination) {
  if (destination.type == channel_type::email) {
    auto addressed = item;
    addressed.recipient = channel_recipient(destination.type, destination.config);
    return email_.send(addressed);
  }
  const auto sender = senders_.find(destination.type);
  if (sender == senders_.end() || sender->second == nullptr) {
    return send_failure{"no sender for " + std::string(to_string(destination.type)) + " channels", true, std::nullopt};
  }
  return sender->second->send(item, destination);
}

}  // namespace pricewatch
