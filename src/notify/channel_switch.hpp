// The channel a delivery worker sends through: each outbox row to its own channel's type. Email
// rows go to the email channel with their stored recipient; the others read their channel (URL,
// secret, template) and go to the sender of its type. A row whose channel was deleted or disabled
// after it was queued fails at once with that reason.
#pragma once

#include "notify/channel.hpp"

#include <map>

namespace pricewatch {

class channel_store;

class channel_switch final : public channel {
 public:
  // Everything outlives the switch; a type without a sender fails its rows permanently.
  channel_switch(channel& email, channel_store& channels, std::map<channel_type, destination_sender*> senders)
      : email_(email), channels_(channels), senders_(std::move(senders)) {}

  // Throws backend_error when the channel cannot be read (the row is then retried).
  send_result send(const notification& item) override;

  // Sends to a channel given whole (a test message): an email one to its address.
  send_result send_to(const notification& item, const delivery_channel& destination);

 private:
  channel& email_;
  channel_store& channels_;
  std::map<channel_type, destination_sender*> senders_;
};

}  // namespace pricewatch
