#include "alerts/channel_service.hpp"

#include "alerts/channel_rules.hpp"
#include "alerts/quiet_hours.hpp"
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

std::optional<std::string> channel_service::start_confirmation(delivery_channel& channel,
                                                               const std::string& link_base) {
  channel.verify_token = hooks_.new_token();
  if (channel.id != 0 && !store_.update(channel)) return "the channel is gone";
  if (channel.id == 0) return std::nullopt;  // mailed once stored (create)
  return hooks_.send_confirmation(channel, link_base + "/api/v1/channel-confirmations/" + *channel.verify_token);
}

result<channel_with_secret> channel_service::create(std::int64_t user_id, const std::string& account_email,
                                                    const channel_request& request, const std::string& link_base) {
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
    channel.secret = hooks_.new_secret();
    secret = channel.secret;
  }
  if (channel.status == channel_status::unverified) channel.verify_token = hooks_.new_token();
  auto stored = store_.create(channel);
  if (stored.verify_token) {
    // The channel stands either way: a link that could not be mailed now is sent again by a test.
    if (auto failed = hooks_.send_confirmation(stored, link_base + "/api/v1/channel-confirmations/" + *stored.verify_token)) {
      stored.status_reason = "the confirmation mail could not be sent (" + *failed + "); send a test to try again";
    }
  }
  return channel_with_secret{std::move(stored), secret};
}

std::vector<delivery_channel> channel_service::list(std::int64_t user_id) { return store_.list(user_id); }

result<delivery_channel> channel_service::find(std::int64_t user_id, std::int64_t channel_id) {
  auto found = store_.find(user_id, channel_id);
  if (!found) return channel_not_found();
  return std::move(*found);
}

result<delivery_channel> channel_service::update(std::int64_t user_id, const std::string& account_email,
                                                 std::int64_t channel_id, const channel_request& request,
                                                 const std::string& link_base) {
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
  if (address_changed) channel.verify_token.reset();
  if (!store_.update(channel)) return channel_not_found();
  if (address_changed && channel.status == channel_status::unverified) {
    if (auto failed = start_confirmation(channel, link_base)) {
      channel.status_reason = "the confirmation mail could not be sent (" + *failed + "); send a test to try again";
    }
  }
  return channel;
}

result<delivery_channel> channel_service::confirm(const std::string& token) {
  auto confirmed = token.empty() ? std::nullopt : store_.confirm(token);
  if (!confirmed) return make_failure(errc::not_found, "This confirmation link is not valid (any more).");
  return std::move(*confirmed);
}

result<std::optional<std::string>> channel_service::resend_confirmation(std::int64_t user_id, std::int64_t channel_id,
                                                                        const std::string& link_base) {
  auto found = store_.find(user_id, channel_id);
  if (!found) return channel_not_found();
  if (found->status != channel_status::unverified) return invalid("The channel is not waiting for confirmation.");
  return start_confirmation(*found, link_base);
}

result<void> channel_service::remove(std::int64_t user_id, std::int64_t channel_id) {
  if (!store_.remove(user_id, channel_id)) return channel_not_found();
  return {};
}

result<channel_with_secret> channel_service::rotate_secret(std::int64_t user_id, std::int64_t channel_id) {
  auto found = store_.find(user_id, channel_id);
  if (!found) return channel_not_found();
  if (found->type != channel_type::webhook) return invalid("Only a webhook channel has a signing secret.");
  const auto secret = hooks_.new_secret();
  const auto until = clock_.now() + secret_overlap;
  if (!store_.rotate_secret(user_id, channel_id, secret, until)) return channel_not_found();
  found->previous_secret = found->secret;
  found->previous_secret_until = until;
  found->secret = secret;
  return channel_with_secret{std::move(*found), secret};
}

delivery_preferences channel_service::preferences(std::int64_t user_id) { return store_.preferences(user_id); }

result<delivery_preferences> channel_service::set_preferences(std::int64_t user_id,
                                                              const delivery_preferences& preferences) {
  if (!is_time_zone(preferences.timezone)) {
    return invalid("timezone must be a zone of the IANA database, such as Europe/Berlin or UTC.");
  }
  if (preferences.quiet && preferences.quiet->start_minute == preferences.quiet->end_minute) {
    return invalid("quiet_hours must end at another time than they start.");
  }
  if (preferences.digest.count() < 0 || preferences.digest > max_digest) {
    return invalid("digest_seconds must be from 0 (none) to 86400.");
  }
  store_.set_preferences(user_id, preferences, clock_.now());
  return preferences;
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
