#include "alerts/delivery_channel.hpp"

#include <array>
#include <utility>

namespace pricewatch {
namespace {

constexpr std::array<std::pair<channel_type, std::string_view>, 6> type_names{{
    {channel_type::email, "email"},
    {channel_type::webhook, "webhook"},
    {channel_type::telegram, "telegram"},
    {channel_type::discord, "discord"},
    {channel_type::slack, "slack"},
    {channel_type::ntfy, "ntfy"},
}};

constexpr std::array<std::pair<channel_status, std::string_view>, 4> status_names{{
    {channel_status::active, "active"},
    {channel_status::unverified, "unverified"},
    {channel_status::disabled, "disabled"},
    {channel_status::deleted, "deleted"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view text) {
  for (const auto& [candidate, name] : names) {
    if (name == text) return candidate;
  }
  return std::nullopt;
}

std::string field(const channel_config& config, std::string_view key) {
  const auto found = config.find(key);
  return found == config.end() ? std::string() : found->second;
}

}  // namespace

std::string_view to_string(channel_type type) { return name_of(type_names, type); }
std::string_view to_string(channel_status status) { return name_of(status_names, status); }
std::optional<channel_type> parse_channel_type(std::string_view text) { return value_of(type_names, text); }
std::optional<channel_status> parse_channel_status(std::string_view text) { return value_of(status_names, text); }

std::string channel_recipient(channel_type type, const channel_config& config) {
  switch (type) {
    case channel_type::email:
      return field(config, "address");
    case channel_type::webhook:
      return field(config, "url");
    case channel_type::telegram:
      return field(config, "chat_id");
    case channel_type::discord:
    case channel_type::slack:
      return field(config, "webhook_url");
    case channel_type::ntfy: {
      auto server = field(config, "server");
      while (!server.empty() && server.back() == '/') server.pop_back();
      return server + "/" + field(config, "topic");
    }
  }
  return {};
}

}  // namespace pricewatch
