// Hands a message to the mail system: an SMTP server, or files in var/outbox/. One sender is used
// by one notifier thread at a time (implementations keep a connection between messages).
#pragma once

#include "notify/mail_message.hpp"

#include <memory>
#include <optional>
#include <string>

namespace pricewatch {

class mail_sender {
 public:
  virtual ~mail_sender() = default;

  // nullopt when the message was accepted; otherwise why not (temporary or permanent, the
  // notifier retries either until its last attempt). Never throws.
  virtual std::optional<std::string> send(const mail_message& message) = 0;
};

struct mail_config {
  std::string url;                       // smtp://user:pass@host:port, smtps://...; empty: files
  std::string outbox_folder = "var/outbox";
  std::chrono::seconds timeout{30};
};

// Throws std::invalid_argument for a URL it cannot use.
std::unique_ptr<mail_sender> make_mail_sender(const mail_config& config);

}  // namespace pricewatch
