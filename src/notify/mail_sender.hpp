// Hands a message to the mail system: an SMTP server, or files in var/outbox/; the transport
// of the email channel (notify/email_channel.hpp). One sender is used by one worker thread at a
// time (implementations keep a connection between messages).
#pragma once

#include "notify/channel.hpp"
#include "notify/mail_message.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace pricewatch {

class stall_watch;

class mail_sender {
 public:
  virtual ~mail_sender() = default;

  // nullopt when the message was accepted; otherwise why not. Never throws.
  virtual std::optional<send_failure> send(const mail_message& message) = 0;

  // What an accepted message became: sent (a mail server took it), or saved (only written to
  // a folder: no one was mailed).
  virtual delivered accepted_as() const { return delivered::sent; }

  // What the last accepted message's receiver answered, for an operator: the SMTP server's final
  // reply line ("250 2.0.0 Ok: queued as ..."), or where the file was written; empty if unknown.
  virtual std::string last_answer() const { return {}; }
};

struct mail_config {
  std::string url;                       // smtp://user:pass@host:port, smtps://...; empty: files
  std::string outbox_folder = "var/outbox";
  std::chrono::seconds timeout{30};      // the whole of one message
  // The connection and the server's greeting (and EHLO, STARTTLS, AUTH): a server that accepts
  // the connection and never greets (a tarpit) fails as temporary after this, not after timeout.
  std::chrono::seconds greeting_timeout{10};
  stall_watch* stalls = nullptr;  // polled while a send waits (notify/stall_watch.hpp); may be none
};

// Throws std::invalid_argument for a URL it cannot use; without a URL, std::runtime_error naming
// the outbox folder when files cannot be made there (core/writable_folder.hpp).
std::unique_ptr<mail_sender> make_mail_sender(const mail_config& config);

}  // namespace pricewatch
