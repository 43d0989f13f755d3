#include "notify/channel_tester.hpp"

#include "notify/email_channel.hpp"
#include "notify/mail_message.hpp"
#include "notify/mail_sender.hpp"

namespace pricewatch {

notification sample_notification(time_point now) {
  notification item;
  item.id = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  item.alert_id = 0;
  item.symbol = "BTCUSDT";
  item.condition = alert_condition::above;
  item.target = *price::parse("51000");
  item.triggered_price = *price::parse("51000.5");
  item.created_at = now;
  return item;
}

channel_tester::channel_tester(const std::string& mail_url, const std::string& from, channel_store& channels,
                               const wall_clock& clock, const channel_kit_settings& settings)
    : clock_(clock),
      from_(from),
      mail_(make_mail_sender(mail_config{mail_url})),
      email_(std::make_unique<email_channel>(*mail_, from, clock)),
      kit_(std::make_unique<channel_kit>(*email_, channels, clock, settings)) {}

channel_tester::~channel_tester() = default;

send_result channel_tester::send(const delivery_channel& destination) {
  std::lock_guard lock(mutex_);
  return kit_->switched().send_to(sample_notification(clock_.now()), destination);
}

std::optional<std::string> channel_tester::send_confirmation(const delivery_channel& destination,
                                                            const std::string& link) {
  const auto address = channel_recipient(destination.type, destination.config);
  if (auto refused = unsendable_address(address)) return "recipient " + *refused;
  std::lock_guard lock(mutex_);
  auto failure = mail_->send(compose_confirmation_mail(address, link, from_, clock_.now()));
  if (!failure) return std::nullopt;
  return failure->reason;
}

std::optional<std::string> channel_tester::send_password_reset(const std::string& address, const std::string& link,
                                                               std::chrono::seconds valid_for) {
  if (auto refused = unsendable_address(address)) return "recipient " + *refused;
  std::lock_guard lock(mutex_);
  auto failure = mail_->send(compose_password_reset_mail(address, link, from_, clock_.now(), valid_for));
  if (!failure) return std::nullopt;
  return failure->reason;
}

}  // namespace pricewatch
