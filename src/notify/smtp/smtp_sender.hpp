// Sends through an SMTP server with libcurl: smtp:// (STARTTLS when offered), smtps://, AUTH
// from the URL's user and password; the message is render_rfc5322's, byte for byte what the
// .eml writer stores. A 5xx refusal is permanent (smtp_reply.hpp). The easy handle lives as long
// as the sender, so one connection carries message after message.
#pragma once

#include "notify/mail_sender.hpp"

namespace pricewatch {

class smtp_sender final : public mail_sender {
 public:
  // Throws std::runtime_error when libcurl cannot make a handle.
  explicit smtp_sender(const mail_config& config);
  ~smtp_sender() override;
  smtp_sender(const smtp_sender&) = delete;
  smtp_sender& operator=(const smtp_sender&) = delete;

  std::optional<send_failure> send(const mail_message& message) override;
  std::string last_answer() const override { return last_reply_; }

 private:
  mail_config config_;
  std::string last_reply_;  // the last message's final reply line ("250 ... queued as ..."); empty if none
  void* handle_;  // CURL*, kept opaque so that this header does not pull in curl.h
};

}  // namespace pricewatch
