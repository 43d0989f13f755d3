// The channel a delivery worker sends through: each outbox row to its own channel's type. Email
// rows go to the email channel with their stored recipient; the others read their channel (URL,
// secret, template) and go to the sender of its type. A row whose channel was deleted or disabled
// after it was queued fails at once with that reason. Each channel is read once until refresh()
// (once per pass of the notifier), not once per row: a storm's rows mostly share a few channels.
#pragma once

#include "notify/channel.hpp"

#include <map>
#include <optional>

namespace pricewatch {

class channel_store;

class channel_switch final : public channel {
 public:
  // Everything outlives the switch; a type without a sender fails its rows permanently.
  channel_switch(channel& email, channel_store& channels, std::map<channel_type, destination_sender*> senders)
      : email_(email), channels_(channels), senders_(std::move(senders)) {}

  // Throws backend_error when the channel cannot be read (the row is then retried).
  send_result send(const notification& item) override;
  // Email one at a time; the other types as many at once as their sender sends.
  std::size_t in_flight(const notification& item) override;
  // Throws backend_error when a channel cannot be read, before anything is sent.
  std::vector<send_result> send_all(std::span<const notification> items) override;
  void refresh() override { read_.clear(); }

  // Sends to a channel given whole (a test message): an email one to its address.
  send_result send_to(const notification& item, const delivery_channel& destination);

 private:
  // The row's channel, or why nothing can go to it. Throws backend_error.
  boost::system::result<const delivery_channel*, send_failure> destination_of(const notification& item);
  destination_sender* sender_of(channel_type type) const;

  channel& email_;
  channel_store& channels_;
  std::map<channel_type, destination_sender*> senders_;
  std::map<std::int64_t, std::optional<delivery_channel>> read_;  // since the last refresh()
};

}  // namespace pricewatch
