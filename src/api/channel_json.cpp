#include "api/channel_json.hpp"

#include "core/time_format.hpp"

namespace pricewatch::api {
namespace {

failure invalid(std::string message) { return make_failure(errc::validation_failed, std::move(message)); }

}  // namespace

boost::json::object channel_json(const delivery_channel& channel, const std::optional<std::string>& secret) {
  boost::json::object config;
  for (const auto& [name, value] : channel.config) {
    // A credential of the owner's service: never written back whole.
    config[name] = name == "token" ? std::string("****") + (value.size() > 4 ? value.substr(value.size() - 4) : "") : value;
  }
  boost::json::object object{{"id", channel.id},
                             {"type", to_string(channel.type)},
                             {"name", channel.name},
                             {"config", std::move(config)},
                             {"status", to_string(channel.status)}};
  object["status_reason"] = channel.status_reason ? boost::json::value(*channel.status_reason) : boost::json::value(nullptr);
  object["is_default"] = channel.is_default;
  object["created_at"] = format_rfc3339(channel.created_at);
  if (secret) object["secret"] = *secret;
  return object;
}

result<channel_request> read_channel_request(const boost::json::object& body) {
  channel_request request;
  for (const auto& [key, value] : body) {
    if (key == "type") {
      const auto parsed = value.is_string() ? parse_channel_type(value.as_string()) : std::nullopt;
      if (!parsed) return invalid("type must be one of email, webhook, telegram, discord, slack, ntfy.");
      request.type = *parsed;
    } else if (key == "name") {
      if (!value.is_string()) return invalid("name must be a string.");
      request.name = std::string(value.as_string());
    } else if (key == "config") {
      if (!value.is_object()) return invalid("config must be an object of strings.");
      channel_config config;
      for (const auto& [field, setting] : value.as_object()) {
        if (setting.is_null()) {
          config.emplace(std::string(field), std::string());
        } else if (setting.is_string()) {
          config.emplace(std::string(field), std::string(setting.as_string()));
        } else if (setting.is_int64()) {
          config.emplace(std::string(field), std::to_string(setting.as_int64()));  // a numeric chat_id
        } else {
          return invalid("config." + std::string(field) + " must be a string.");
        }
      }
      request.config = std::move(config);
    } else if (key == "status") {
      const auto parsed = value.is_string() ? parse_channel_status(value.as_string()) : std::nullopt;
      if (!parsed) return invalid("status must be \"active\" or \"disabled\".");
      request.status = *parsed;
    } else if (key == "id" || key == "created_at" || key == "status_reason" || key == "is_default") {
      continue;  // read-only fields a client may send back as it got them
    } else {
      return invalid(std::string(key) + " is not a field of a channel.");
    }
  }
  return request;
}

}  // namespace pricewatch::api
