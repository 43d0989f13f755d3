// A channel: one place where a user wants alerts delivered (an email address, a webhook, a chat)
// and the words of its fields (DESIGN.md section 10). The rules of each type's config are
// alerts/channel_rules.hpp's; sending is notify/'s.
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch {

enum class channel_type : std::uint8_t { email, webhook, telegram, discord, slack, ntfy };

// active: delivered to. unverified: an email address not yet confirmed by its link. disabled:
// refused for good too often in a row (or by its owner), until edited or re-enabled. deleted: gone
// from its owner's lists; its past deliveries keep naming it.
enum class channel_status : std::uint8_t { active, unverified, disabled, deleted };

std::string_view to_string(channel_type type);
std::string_view to_string(channel_status status);
std::optional<channel_type> parse_channel_type(std::string_view text);
std::optional<channel_status> parse_channel_status(std::string_view text);

// The type's fields ("address", "url", "template", ...), every value a string.
using channel_config = std::map<std::string, std::string, std::less<>>;

struct delivery_channel {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  channel_type type = channel_type::email;
  std::string name;
  channel_config config;
  channel_status status = channel_status::active;
  std::optional<std::string> status_reason;
  bool is_default = false;  // used by the owner's alerts that name no channels
  time_point created_at;
  // Webhooks: the signing secret ("whsec_..."), and the one it replaced while both sign (24 h).
  std::string secret;
  std::optional<std::string> previous_secret;
  std::optional<time_point> previous_secret_until;
  // An unverified email channel: the token of the link mailed to it (never shown by the API).
  std::optional<std::string> verify_token;
};

// Where a channel sends, in one line (the outbox row's recipient): the address, URL or chat.
std::string channel_recipient(channel_type type, const channel_config& config);

// After this many permanent failures in a row a channel is disabled (DESIGN.md section 10).
inline constexpr std::int64_t permanent_failures_to_disable = 5;

}  // namespace pricewatch
