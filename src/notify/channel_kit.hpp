// Everything one delivery worker sends with, made once per worker (each piece serves one thread):
// its HTTP poster and a sender per channel type, switched by the outbox row's type
// (notify/channel_switch.hpp). The email channel comes from the caller, with its mail connection.
#pragma once

#include "core/clock.hpp"
#include "notify/channel_switch.hpp"
#include "notify/chat/telegram_sender.hpp"
#include "notify/http/outbound_http.hpp"

#include <memory>
#include <string>

namespace pricewatch {

class channel_store;

struct channel_kit_settings {
  outbound_policy outbound;
  telegram_settings telegram;
  std::string public_url;  // http.public_url: the base of links in messages; may be empty
};

class channel_kit {
 public:
  // email, channels and clock outlive the kit. Throws std::runtime_error when libcurl cannot
  // make a handle.
  channel_kit(channel& email, channel_store& channels, const wall_clock& clock, const channel_kit_settings& settings);
  ~channel_kit();
  channel_kit(const channel_kit&) = delete;
  channel_kit& operator=(const channel_kit&) = delete;

  channel_switch& switched() { return *switch_; }

 private:
  std::unique_ptr<outbound_http> http_;
  std::unique_ptr<destination_sender> webhook_, telegram_, discord_, slack_, ntfy_;
  std::unique_ptr<channel_switch> switch_;
};

}  // namespace pricewatch
