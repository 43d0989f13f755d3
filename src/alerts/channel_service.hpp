// The use cases of channels for their owner (DESIGN.md section 10): add, list, change, delete,
// rotate a webhook's secret, and choose the defaults that alerts naming no channel use. The rules
// of each type's config are alerts/channel_rules.hpp's. Shared by all request threads; call from
// the blocking pool (it queries).
#pragma once

#include "alerts/delivery_channel.hpp"
#include "alerts/delivery_preferences.hpp"
#include "core/clock.hpp"
#include "core/failure.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pricewatch {

class channel_store;

// What its owner sends to add or change a channel: the fields given.
struct channel_request {
  std::optional<channel_type> type;
  std::optional<std::string> name;
  std::optional<channel_config> config;  // a change merges it: a field given "" is removed
  std::optional<channel_status> status;  // a change may say active (re-enable) or disabled
};

// A webhook's secret is shown once: when it is made (create, rotation).
struct channel_with_secret {
  delivery_channel channel;
  std::optional<std::string> secret;
};

// What the service cannot do by itself: make secrets and tokens, and mail a confirmation link.
struct channel_service_hooks {
  // A webhook's signing secret ("whsec_" + base64 of 32 random bytes).
  std::function<std::string()> new_secret;
  // The token of an email confirmation link (random, URL-safe).
  std::function<std::string()> new_token;
  // Mails the link to an unverified email channel's address; the reason when it could not.
  std::function<std::optional<std::string>(const delivery_channel&, const std::string& link)> send_confirmation;
};

// How long the secret a rotation replaced keeps signing (DESIGN.md section 10).
inline constexpr std::chrono::hours secret_overlap{24};

class channel_service {
 public:
  channel_service(channel_store& store, const wall_clock& clock, channel_service_hooks hooks)
      : store_(store), clock_(clock), hooks_(std::move(hooks)) {}

  // validation_failed for a missing or unknown type or a config that breaks its type's rules. An
  // email address other than account_email starts unverified: a link (link_base +
  // "/api/v1/channel-confirmations/" + token) is mailed to it, and opening it confirms it.
  result<channel_with_secret> create(std::int64_t user_id, const std::string& account_email,
                                     const channel_request& request, const std::string& link_base);
  std::vector<delivery_channel> list(std::int64_t user_id);
  // not_found for a missing id and another user's channel alike (as every method below).
  result<delivery_channel> find(std::int64_t user_id, std::int64_t channel_id);
  // validation_failed for a changed type, a bad config or a status other than active/disabled; a
  // change to a disabled channel (or status active) enables it again. A changed email address
  // other than the account's is unverified again.
  result<delivery_channel> update(std::int64_t user_id, const std::string& account_email, std::int64_t channel_id,
                                  const channel_request& request, const std::string& link_base);
  // The unverified channel whose link carries token becomes active; not_found otherwise.
  result<delivery_channel> confirm(const std::string& token);
  // Mails an unverified channel's link again, with a new token: the reason when it could not be.
  // validation_failed for a channel that is not unverified.
  result<std::optional<std::string>> resend_confirmation(std::int64_t user_id, std::int64_t channel_id,
                                                         const std::string& link_base);
  result<void> remove(std::int64_t user_id, std::int64_t channel_id);
  // A webhook's new secret, shown once; the old one signs for secret_overlap more. validation_failed
  // for a channel that is not a webhook.
  result<channel_with_secret> rotate_secret(std::int64_t user_id, std::int64_t channel_id);

  // Time zone, quiet hours and digest window (alerts/delivery_preferences.hpp).
  delivery_preferences preferences(std::int64_t user_id);
  // validation_failed for a zone the IANA database does not know, quiet hours that start when they
  // end, or a digest window outside 0 to 86400 s. Held deliveries are released (and held again if
  // still quiet).
  result<delivery_preferences> set_preferences(std::int64_t user_id, const delivery_preferences& preferences);

  std::vector<std::int64_t> default_channels(std::int64_t user_id);
  // validation_failed when an id is not one of the owner's channels.
  result<std::vector<std::int64_t>> set_default_channels(std::int64_t user_id, const std::vector<std::int64_t>& ids);

 private:
  channel_store& store_;
  const wall_clock& clock_;
  channel_service_hooks hooks_;

  // Gives an unverified channel a new token and mails its link; the reason when it could not.
  std::optional<std::string> start_confirmation(delivery_channel& channel, const std::string& link_base);
};

}  // namespace pricewatch
