#include "alerts/channel_service.hpp"

#include "alerts/channel_rules.hpp"
#include "core/ascii.hpp"
#include "storage/channel_store.hpp"

namespace pricewatch {
namespace {

failure channel_not_found() { return make_failure(errc::not_found, "Channel not found or not authorized."); }
failure invalid(std::string message) { return make_failure(errc::validation_failed, std::move(message)); }

// An email channel to another address than the account's waits for its link (DESIGN.md section 10).
channel_status first_status(channel_type type, const channel_config& config, const std::string& account_email) {
  if (type != channel_type::email) return channel_status::active;
  const auto address = config.find("address");
  const bool own = address != config.end() && ascii_lower(address->second) == ascii_lower(account_email);
  return own ? channel_status::active : channel_status::unverified;
}

}  // namespace

result<channel_with_secret> channel_service::create(std::int64_t user_id, const std::string& account_email,
                                                    const channel_request& request) {
  if (!request.type) {
    return invalid("type is required: one of email, webhook, telegram, discord, slack, ntfy.");
  }
  auto name = validate_channel_name(request.name.value_or(""), *request.type);
  if (!name) return name.error();
  auto config = validate_channel_config(*request.type, request.config.value_or(channel_config{}));
  if (!config) return config.error();
  delivery_channel channel;
  channel.user_id = user_id;
  channel.type = *request.type;
  channel.name = std::move(*name);
  channel.config = std::move(*config);
  channel.status = first_status(channel.type, channel.config, account_email);
  if (channel.status == channel_status::unverified) channel.status_reason = "waiting for the link mailed to the address";
  if (request.status == channel_status::disabled) channel.status = channel_status::disabled;
  channel.created_at = clock_.now();
  std::optional<std::string> secret;
  if (channel.type == channel_type::webhook) {
    channel.secret = new_secret_();
    secret = channel.secret;
  }
  return channel_with_secret{store_.create(channel), secret};
}

std::vector<delivery_channel> channel_service::list(std::int64_t user_id) { return store_.list(user_id); }

result<delivery_channel> channel_service::find(std::int64_t user_id, std::int64_t channel_id) {
  auto found = store_.find(user_id, channel_id);
  if (!found) return channel_not_found();
  return std::move(*found);
}

result<delivery_channel> channel_service::update(std::int64_t user_id, const std::string& account_email,
                                                 std::int64_t channel_id, const channel_request& request) {
  auto found = store_.find(user_id, channel_id);
  if (!found) return channel_not_found();
  auto channel = std::move(*found);
  if (request.type && *request.type != channel.type) {
    return invalid("type cannot change: add a new channel instead.");
  }
  if (request.name) {
    auto name = validate_channel_name(*request.name, channel.type);
    if (!name) return name.error();
    channel.name = std::move(*name);
  }
  bool address_changed = false;
  if (request.config) {
    auto merged = channel.config;
    for (const auto& [field, value] : *request.config) {
      if (value.empty()) {
        merged.erase(field);
      } else {
        merged.insert_or_assign(field, value);
      }
    }
    auto config = validate_channel_config(channel.type, merged);
    if (!config) return config.error();
    address_changed = channel.type == channel_type::email && config->at("address") != channel.config.at("address");
    channel.config = std::move(*config);
  }
  if (request.status && *request.status != channel_status::active && *request.status != channel_status::disabled) {
    return invalid("status may be set to \"active\" or \"disabled\".");
  }
  if (address_changed) {
    channel.status = first_status(channel.type, channel.config, account_email);
    channel.status_reason = channel.status == channel_status::unverified
                                ? std::optional<std::string>("waiting for the link mailed to the address")
                                : std::nullopt;
  } else if (request.status == channel_status::disabled) {
    channel.status = channel_status::disabled;
    channel.status_reason = "disabled by its owner";
  } else if (channel.status == channel_status::disabled && (request.status || request.config || request.name)) {
    // Edited or re-enabled: its owner has seen the reason (DESIGN.md section 10).
    channel.status = channel_status::active;
    channel.status_reason.reset();
  }
  if (channel.status == channel_status::unverified && request.status == channel_status::active && !address_changed) {
    return invalid("An unverified email channel becomes active when the link mailed to it is opened.");
  }
  if (!store_.update(channel)) return channel_not_found();
  return channel;
}

result<void> channel_service::remove(std::int64_t user_id, std::int64_t channel_id) {
  if (!store_.remove(user_id, channel_id)) return channel_not_found();
  return {};
}

result<channel_with_secret> channel_service::rotate_secret(std::int64_t user_id, std::int64_t channel_id) {
  auto found = store_.find(user_id, channel_id);
  if (!found) return channel_not_found();
  if (found->type != channel_type::webhook) return invalid("Only a webhook channel has a signing secret.");
  const auto secret = new_secret_();
  const auto until = clock_.now() + secret_overlap;
  if (!store_.rotate_secret(user_id, channel_id, secret, until)) return channel_not_found();
  found->previous_secret = found->secret;
  found->previous_secret_until = until;
  found->secret = secret;
  return channel_with_secret{std::move(*found), secret};
}

std::vector<std::int64_t> channel_service::default_channels(std::int64_t user_id) {
  return store_.default_channels(user_id);
}

result<std::vector<std::int64_t>> channel_service::set_default_channels(std::int64_t user_id,
                                                                        const std::vector<std::int64_t>& ids) {
  if (!store_.set_default_channels(user_id, ids)) {
    return invalid("default_channels must name your own channels (GET /api/v1/channels).");
  }
  return ids;
}

}  // namespace pricewatch
