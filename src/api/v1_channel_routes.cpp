// /api/v1/channels and /api/v1/me (DESIGN.md section 10): the caller's channels, a test message
// through one, a webhook's secret rotated, and the default channels of their alerts.
#include "alerts/channel_service.hpp"
#include "api/authenticate.hpp"
#include "api/channel_json.hpp"
#include "api/link_page.hpp"
#include "api/me_json.hpp"
#include "api/me_request_json.hpp"
#include "api/error_responses.hpp"
#include "api/json_io.hpp"
#include "api/services.hpp"
#include "http/router.hpp"

namespace pricewatch::api {
namespace {

// The router matched {id} to at most 18 digits: it fits.
std::int64_t path_id(const http::request& request) { return std::stoll(request.path_parameters.at(0)); }

http::response list_channels(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  boost::json::array results;
  for (const auto& channel : services.channels.list(caller->user_id)) results.push_back(channel_json(channel));
  return json_response(200, boost::json::object{{"results", std::move(results)}});
}

http::response create_channel(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto body = read_object(request, dialect::v1);
  if (!body) return v1_error(body.error());
  auto wanted = read_channel_request(*body);
  if (!wanted) return v1_error(wanted.error());
  auto created = services.channels.create(caller->user_id, caller->email, *wanted, request.base_url);
  if (!created) return v1_error(created.error());
  auto response = json_response(201, channel_json(created->channel, created->secret));
  response.with_header("Location", "/api/v1/channels/" + std::to_string(created->channel.id));
  return response;
}

http::response get_channel(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto found = services.channels.find(caller->user_id, path_id(request));
  if (!found) return v1_error(found.error());
  return json_response(200, channel_json(*found));
}

http::response update_channel(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto body = read_object(request, dialect::v1);
  if (!body) return v1_error(body.error());
  auto wanted = read_channel_request(*body);
  if (!wanted) return v1_error(wanted.error());
  auto changed = services.channels.update(caller->user_id, caller->email, path_id(request), *wanted, request.base_url);
  if (!changed) return v1_error(changed.error());
  return json_response(200, channel_json(*changed));
}

http::response delete_channel(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto removed = services.channels.remove(caller->user_id, path_id(request));
  if (!removed) return v1_error(removed.error());
  return no_content_response();
}

http::response rotate_secret(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto rotated = services.channels.rotate_secret(caller->user_id, path_id(request));
  if (!rotated) return v1_error(rotated.error());
  return json_response(200, channel_json(rotated->channel, rotated->secret));
}

http::response test_channel(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto found = services.channels.find(caller->user_id, path_id(request));
  if (!found) return v1_error(found.error());
  if (found->status == channel_status::unverified) {
    // Nothing goes to an address before it is confirmed: the test mails its link again.
    auto resent = services.channels.resend_confirmation(caller->user_id, found->id, request.base_url);
    if (!resent) return v1_error(resent.error());
    if (!*resent) return json_response(200, boost::json::object{{"outcome", "confirmation_sent"}});
    return json_response(200, boost::json::object{{"outcome", "failed"}, {"error", **resent}, {"permanent", false}});
  }
  if (!services.test_channel) {
    return v1_error(make_failure(errc::backend_unavailable, "This process cannot send test messages."));
  }
  const auto sent = services.test_channel(*found);
  if (sent) return json_response(200, boost::json::object{{"outcome", *sent == delivered::saved ? "saved" : "sent"}});
  return json_response(200, boost::json::object{{"outcome", "failed"},
                                                {"error", sent.error().reason},
                                                {"permanent", sent.error().permanent}});
}

// The pages a confirmation link opens (a browser shows them, so they are HTML): GET asks, and
// only the button's POST confirms, so that a mail scanner fetching the link confirms nothing.
http::response show_confirmation(const http::request&) {
  return link_form("Receive pricewatch alerts at this address?", "Confirm the address", "confirm", "yes");
}

http::response confirm_channel(const services& services, const http::request& request) {
  const auto confirmed = services.channels.confirm(request.path_parameters.at(0));
  if (!confirmed) return link_page(404, "<p>This confirmation link is not valid (any more).</p>");
  return link_page(200, "<p>Confirmed: alerts may now be delivered to this address. You can close this page.</p>");
}

http::response get_me(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  return json_response(200, me_json(services, *caller));
}

http::response update_me(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto body = read_object(request, dialect::v1);
  if (!body) return v1_error(body.error());
  auto changes = read_me_changes(*body, services.channels.preferences(caller->user_id));
  if (!changes) return v1_error(changes.error());
  if (changes->preferences) {
    // Preferences, then defaults: each is stored whole or not at all.
    auto set = services.channels.set_preferences(caller->user_id, *changes->preferences);
    if (!set) return v1_error(set.error());
  }
  if (changes->default_channels) {
    auto set = services.channels.set_default_channels(caller->user_id, *changes->default_channels);
    if (!set) return v1_error(set.error());
  }
  return json_response(200, me_json(services, *caller));
}

}  // namespace

void add_v1_channel_routes(http::router& router, const services& services) {
  const auto bind = [&services](http::response (*handle)(const api::services&, const http::request&)) {
    return [&services, handle](http::request& request) { return handle(services, request); };
  };
  router.add("GET", "/api/v1/channels", bind(list_channels));
  router.add("POST", "/api/v1/channels", bind(create_channel));
  router.add("GET", "/api/v1/channels/{id}", bind(get_channel));
  router.add("PATCH", "/api/v1/channels/{id}", bind(update_channel));
  router.add("DELETE", "/api/v1/channels/{id}", bind(delete_channel));
  // A test send waits for the channel's service, 10 s at most (notify/http/outbound_http.hpp).
  http::route_options test_send;
  test_send.deadline = std::chrono::seconds(20);
  router.add("POST", "/api/v1/channels/{id}/test", bind(test_channel), test_send);
  router.add("POST", "/api/v1/channels/{id}/rotate-secret", bind(rotate_secret));
  add_link_routes(router, "/api/v1/channel-confirmations/{token}", show_confirmation, bind(confirm_channel));
  router.add("GET", "/api/v1/me", bind(get_me));
  router.add("PATCH", "/api/v1/me", bind(update_me));
}

}  // namespace pricewatch::api
