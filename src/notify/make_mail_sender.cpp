#include "core/writable_folder.hpp"
#include "notify/file/file_sender.hpp"
#include "notify/smtp/smtp_sender.hpp"

#include <stdexcept>

namespace pricewatch {

std::unique_ptr<mail_sender> make_mail_sender(const mail_config& config) {
  if (config.url.empty()) {
    if (auto problem = unwritable_folder(config.outbox_folder)) {
      throw std::runtime_error(*problem + "; without mail.url every message is saved in " + config.outbox_folder +
                               ": make it writable by the user pricewatch runs as, or set mail.url");
    }
    return std::make_unique<file_sender>(config.outbox_folder);
  }
  if (config.url.starts_with("smtp://") || config.url.starts_with("smtps://")) {
    return std::make_unique<smtp_sender>(config);
  }
  throw std::invalid_argument("mail.url must start with smtp:// or smtps://, got " + config.url);
}

}  // namespace pricewatch
