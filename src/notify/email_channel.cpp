#include "notify/email_channel.hpp"

#include "notify/mail_message.hpp"
#include "notify/mail_sender.hpp"
#include "notify/pause_link.hpp"

namespace pricewatch {

send_result email_channel::send(const notification& item) {
  std::optional<std::string> pause_link;
  if (!links_.public_url.empty() && item.alert_id > 0) {
    pause_link = alert_pause_url(links_.public_url, alert_pause_token(links_.key, item.user_id, item.alert_id));
  }
  const auto message = compose_alert_mail(item, from_, clock_.now(), pause_link);
  // No retry can make an address sendable: it fails at once, with the reason.
  if (auto refused = unsendable_address(message.to)) return send_failure{"recipient " + *refused, true, std::nullopt};
  auto failure = sender_.send(message);
  if (!failure) return sender_.accepted_as();
  if (failure->permanent) failure->reason = "refused permanently: " + failure->reason;
  return *std::move(failure);
}

}  // namespace pricewatch
