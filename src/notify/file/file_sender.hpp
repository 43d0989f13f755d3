// Without a mail server: each message becomes an .eml file in the outbox folder, written to a
// temporary name and renamed, so a reader never sees half a message. The name comes from the
// Message-ID, so a retry overwrites rather than duplicates.
#pragma once

#include "notify/mail_sender.hpp"

#include <filesystem>

namespace pricewatch {

class file_sender final : public mail_sender {
 public:
  explicit file_sender(std::filesystem::path folder) : folder_(std::move(folder)) {}

  // Failures (a folder that cannot be made or written) are temporary: an operator can fix them.
  std::optional<send_failure> send(const mail_message& message) override;

  // Nothing left the machine: a message written here is saved, never sent.
  delivered accepted_as() const override { return delivered::saved; }
  std::string last_answer() const override { return last_answer_; }

 private:
  std::filesystem::path folder_;
  std::string last_answer_;
};

}  // namespace pricewatch
