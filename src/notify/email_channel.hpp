// Email, the first channel: renders the alert's mail (notify/mail_message.hpp) and hands it to a
// mail sender (SMTP, or .eml files in the embedded default). An address that cannot go on the
// wire as stored is refused for good before anything is sent.
#pragma once

#include "core/clock.hpp"
#include "notify/channel.hpp"

#include <string>

namespace pricewatch {

class mail_sender;

// Where an alert mail's one-click pause link goes (notify/pause_link.hpp): with no public_url
// (http.public_url unset) the mail has none, since no address could reach the service.
struct pause_links {
  std::string public_url;
  std::string key;
};

class email_channel final : public channel {
 public:
  // sender and clock outlive the channel; from is the From address of every message.
  email_channel(mail_sender& sender, std::string from, const wall_clock& clock, pause_links links = {})
      : sender_(sender), from_(std::move(from)), clock_(clock), links_(std::move(links)) {}

  send_result send(const notification& item) override;

 private:
  mail_sender& sender_;
  std::string from_;
  const wall_clock& clock_;
  pause_links links_;
};

}  // namespace pricewatch
