// Email, the first channel: renders the alert's mail (notify/mail_message.hpp) and hands it to a
// mail sender (SMTP, or .eml files in the embedded default). An address that cannot go on the
// wire as stored is refused for good before anything is sent.
#pragma once

#include "core/clock.hpp"
#include "notify/channel.hpp"

#include <string>

namespace pricewatch {

class mail_sender;

class email_channel final : public channel {
 public:
  // sender and clock outlive the channel; from is the From address of every message.
  email_channel(mail_sender& sender, std::string from, const wall_clock& clock)
      : sender_(sender), from_(std::move(from)), clock_(clock) {}

  send_result send(const notification& item) override;

 private:
  mail_sender& sender_;
  std::string from_;
  const wall_clock& clock_;
};

}  // namespace pricewatch
