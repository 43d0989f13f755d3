#include "alerts/channel_rules.hpp"

#include "alerts/message_template.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace pricewatch {
namespace {

failure invalid(std::string message) { return make_failure(errc::validation_failed, std::move(message)); }

struct field_rule {
  std::string_view name;
  bool required = false;
};

std::vector<field_rule> fields_of(channel_type type) {
  switch (type) {
    case channel_type::email:
      return {{"address", true}, {"template", false}};
    case channel_type::webhook:
      return {{"url", true}, {"template", false}};
    case channel_type::telegram:
      return {{"chat_id", true}, {"template", false}};
    case channel_type::discord:
    case channel_type::slack:
      return {{"webhook_url", true}, {"template", false}};
    case channel_type::ntfy:
      return {{"server", true}, {"topic", true}, {"token", false}, {"template", false}};
  }
  return {};
}

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool is_email(std::string_view text) {
  const auto at = text.find('@');
  return text.size() <= 320 && at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
         text.find('@', at + 1) == std::string_view::npos && text.find(' ') == std::string_view::npos &&
         !has_control(text);
}

// A Telegram chat: a numeric id (groups are negative) or a public @channelname.
bool is_chat_id(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  if (text.front() == '@') {
    return text.size() > 1 && std::all_of(text.begin() + 1, text.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
           });
  }
  const auto digits = text.front() == '-' ? text.substr(1) : text;
  return !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_topic(std::string_view text) {
  return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

result<void> check_field(std::string_view name, std::string_view value) {
  if (name == "address" && !is_email(value)) return invalid("config.address must be an email address.");
  if ((name == "url" || name == "webhook_url" || name == "server") && !is_http_url(value)) {
    return invalid("config." + std::string(name) + " must be an http:// or https:// URL.");
  }
  if (name == "chat_id" && !is_chat_id(value)) {
    return invalid("config.chat_id must be a numeric chat id or an @channel name.");
  }
  if (name == "topic" && !is_topic(value)) {
    return invalid("config.topic must be 1 to 64 letters, digits, '_' or '-'.");
  }
  if (name == "token" && (value.size() > 256 || has_control(value))) return invalid("config.token is not a valid token.");
  if (name == "template") {
    if (value.size() > 4000) return invalid("config.template must be at most 4000 characters.");
    if (auto checked = check_template(value); !checked) {
      return invalid("config." + checked.error().message);
    }
  }
  return {};
}

}  // namespace

bool is_http_url(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else {
    return false;
  }
  const auto host_end = rest.find_first_of("/?#");
  const auto authority = rest.substr(0, host_end);
  return text.size() <= 2048 && !authority.empty() && authority.front() != ':' &&
         authority.find('@') == std::string_view::npos && text.find(' ') == std::string_view::npos &&
         !has_control(text);
}

result<channel_config> validate_channel_config(channel_type type, const channel_config& config) {
  const auto rules = fields_of(type);
  channel_config stored;
  for (const auto& [name, value] : config) {
    const auto rule = std::find_if(rules.begin(), rules.end(), [&name = name](const field_rule& r) { return r.name == name; });
    if (rule == rules.end()) {
      return invalid("config." + name + " is not a field of a " + std::string(to_string(type)) + " channel.");
    }
    const auto kept = name == "template" ? std::string_view(value) : trim(value);
    if (kept.empty()) continue;  // an empty optional field is absent; a required one is reported below
    if (auto checked = check_field(name, kept); !checked) return checked.error();
    stored.emplace(name, std::string(kept));
  }
  for (const auto& rule : rules) {
    if (rule.required && !stored.contains(rule.name)) {
      return invalid("config." + std::string(rule.name) + " is required for a " + std::string(to_string(type)) +
                     " channel.");
    }
  }
  return stored;
}

result<std::string> validate_channel_name(std::string_view name, channel_type type) {
  const auto kept = trim(name);
  if (kept.empty()) return std::string(to_string(type));
  if (kept.size() > 100 || has_control(kept)) return invalid("name must be 1 to 100 characters, without control characters.");
  return std::string(kept);
}

}  // namespace pricewatch
