#include "notify/channel_switch.hpp"

#include "storage/channel_store.hpp"

#include <algorithm>

namespace pricewatch {

boost::system::result<const delivery_channel*, send_failure> channel_switch::destination_of(const notification& item) {
  if (!item.channel_id) return send_failure{"no channel recorded for this delivery", true, std::nullopt};
  auto known = read_.find(*item.channel_id);
  if (known == read_.end()) known = read_.emplace(*item.channel_id, channels_.find_by_id(*item.channel_id)).first;
  const auto& destination = known->second;
  if (!destination || destination->status == channel_status::deleted) {
    return send_failure{"the channel was deleted", true, std::nullopt};
  }
  if (destination->status == channel_status::disabled) {
    return send_failure{"the channel is disabled: " + destination->status_reason.value_or("by its owner"), true,
                        std::nullopt};
  }
  return &*destination;
}

destination_sender* channel_switch::sender_of(channel_type type) const {
  const auto sender = senders_.find(type);
  return sender == senders_.end() ? nullptr : sender->second;
}

send_result channel_switch::send(const notification& item) {
  if (item.channel == channel_type::email) return email_.send(item);
  const auto destination = destination_of(item);
  if (!destination) return destination.error();
  return send_to(item, **destination);
}

std::size_t channel_switch::in_flight(const notification& item) {
  if (item.channel == channel_type::email) return 1;
  const auto* sender = sender_of(item.channel);
  return sender == nullptr ? 1 : std::max<std::size_t>(1, sender->in_flight());
}

std::vector<send_result> channel_switch::send_all(std::span<const notification> items) {
  if (items.size() == 1 || items.empty() || items.front().channel == channel_type::email) {
    return channel::send_all(items);
  }
  // Every channel is read first, so a database failure leaves the whole batch unsent.
  std::vector<std::optional<send_result>> results(items.size());
  std::vector<const delivery_channel*> destinations(items.size(), nullptr);
  for (std::size_t index = 0; index < items.size(); ++index) {
    const auto destination = destination_of(items[index]);
    if (destination) {
      destinations[index] = *destination;
    } else {
      results[index] = destination.error();
    }
  }
  std::vector<destination_sender::addressed> deliveries;
  std::vector<std::size_t> delivered_index;
  auto* sender = sender_of(items.front().channel);
  for (std::size_t index = 0; index < items.size(); ++index) {
    if (destinations[index] == nullptr) continue;
    if (destinations[index]->type != items.front().channel || sender == nullptr) {
      results[index] = send_to(items[index], *destinations[index]);  // not of the batch's type: alone
    } else {
      deliveries.push_back({&items[index], destinations[index]});
      delivered_index.push_back(index);
    }
  }
  if (!deliveries.empty()) {
    auto sent = sender->send_all(deliveries);
    for (std::size_t at = 0; at < sent.size(); ++at) results[delivered_index[at]] = std::move(sent[at]);
  }
  std::vector<send_result> ordered;
  ordered.reserve(items.size());
  for (auto& result : results) ordered.push_back(std::move(*result));
  return ordered;
}

send_result channel_switch::send_to(const notification& item, const delivery_channel& destination) {
  if (destination.type == channel_type::email) {
    auto addressed = item;
    addressed.recipient = channel_recipient(destination.type, destination.config);
    return email_.send(addressed);
  }
  auto* sender = sender_of(destination.type);
  if (sender == nullptr) {
    return send_failure{"no sender for " + std::string(to_string(destination.type)) + " channels", true, std::nullopt};
  }
  return sender->send(item, destination);
}

}  // namespace pricewatch
