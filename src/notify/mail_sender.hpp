// Hands a message to the mail system: an SMTP server, or files in var/outbox/. One sender is used
// by one notifier thread at a time (implementations keep a connection between messages).
#pragma once

#include "notify/mail_message.hpp"

#include <memory>
#include <optional>
#include <string>

namespace pricewatch {

// Why a message was not accepted, and whether another attempt can help (Alertmanager's
// `recoverable`): a server that is down, busy or refusing for now is temporary and retried; a
// recipient the server refuses for good (an SMTP 5xx) is permanent and fails at once.
struct send_failure {
  std::string reason;
  bool permanent = false;
};

class mail_sender {
 public:
  virtual ~mail_sender() = default;

  // nullopt when the message was accepted; otherwise why not. Never throws.
  virtual std::optional<send_failure> send(const mail_message& message) = 0;
};

struct mail_config {
  std::string url;                       // smtp://user:pass@host:port, smtps://...; empty: files
  std::string outbox_folder = "var/outbox";
  std::chrono::seconds timeout{30};
};

// Throws std::invalid_argument for a URL it cannot use.
std::unique_ptr<mail_sender> make_mail_sender(const mail_config& config);

}  // namespace pricewatch
