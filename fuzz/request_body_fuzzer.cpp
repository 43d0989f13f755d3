// Every reader of a request body, without the routes around them: api::read_object in both
// dialects (JSON; on the original routes also urlencoded and multipart forms, under any
// Content-Type), then the alert readers (read_alert_request, read_alert_patch), the channel
// readers (read_channel_request, then the type's config and name rules) and the settings reader
// of PATCH /api/v1/me (read_me_changes) on what it read.
// The input's first line is the Content-Type, the rest the body; the choice byte picks the
// dialect. Register, log in and the account routes read their fields from the same object; the
// whole routes are fuzzed by the http_request target.
#include "alerts/channel_rules.hpp"
#include "api/alert_request_json.hpp"
#include "api/channel_json.hpp"
#include "api/json_io.hpp"
#include "api/me_request_json.hpp"
#include "fuzz_input.hpp"
#include "http/form_fields.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace api = pricewatch::api;
  const auto input = pricewatch::fuzz::choose(data, size, 2);
  const auto spoken = input.choice == 0 ? api::dialect::v1 : api::dialect::original;
  const auto newline = input.text.find('\n');
  pricewatch::http::request request;
  request.method = "POST";
  request.target = request.path = "/api/v1/alerts";
  if (newline != std::string_view::npos) {
    request.headers.emplace_back("content-type", std::string(input.text.substr(0, newline)));
    request.body = std::string(input.text.substr(newline + 1));
  } else {
    request.body = std::string(input.text);
  }
  (void)pricewatch::http::header_parameter(request.header("content-type"), "boundary");
  const auto body = api::read_object(request, spoken);
  if (!body) return 0;
  (void)api::read_alert_request(*body, spoken);
  (void)api::read_alert_patch(*body, spoken);
  (void)api::string_field(*body, "email");
  (void)api::read_me_changes(*body, pricewatch::delivery_preferences{});
  if (const auto channel = api::read_channel_request(*body)) {
    const auto type = channel->type.value_or(pricewatch::channel_type::email);
    if (channel->config) (void)pricewatch::validate_channel_config(type, *channel->config);
    if (channel->name) (void)pricewatch::validate_channel_name(*channel->name, type);
  }
  return 0;
}
