#include "notify/email_channel.hpp"

#include "notify/mail_message.hpp"
#include "notify/mail_sender.hpp"

namespace pricewatch {

send_result email_channel::send(const notification& item) {
  const auto message = compose_alert_mail(item, from_, clock_.now());
  // No retry can make an address sendable: it fails at once, with the reason.
  if (auto refused = unsendable_address(message.to)) return send_failure{"recipient " + *refused, true, std::nullopt};
  auto failure = sender_.send(message);
  if (!failure) return {};
  if (failure->permanent) failure->reason = "refused permanently: " + failure->reason;
  return *std::move(failure);
}

}  // namespace pricewatch
