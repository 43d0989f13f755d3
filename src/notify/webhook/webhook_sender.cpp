#include "notify/webhook/webhook_sender.hpp"

#include "core/time_format.hpp"
#include "notify/alert_message.hpp"
#include "notify/http/http_outcome.hpp"
#include "notify/http/outbound_http.hpp"
#include "notify/webhook/webhook_signature.hpp"

#include <boost/json.hpp>

namespace pricewatch {
namespace {

// A value as it stands inside a JSON string: quotes, backslashes and control characters escaped.
std::string escape_json(std::string_view text) {
  auto quoted = boost::json::serialize(boost::json::string(text));
  return quoted.substr(1, quoted.size() - 2);
}

boost::json::value text_or_null(const placeholder_values& values, std::string_view key) {
  const auto found = values.find(key);
  if (found == values.end() || found->second.empty()) return nullptr;
  return boost::json::value(found->second);
}

}  // namespace

std::string webhook_id(const notification& item) {
  return (item.digest_of.empty() ? "msg_" : "msg_digest_") + std::to_string(item.id);
}

namespace {

boost::json::object firing_data(const notification& item, const std::string& public_url) {
  const auto values = alert_placeholders(item, public_url);
  boost::json::object data{{"alert_id", item.alert_id},
                           {"firing_id", item.firing_id ? boost::json::value(*item.firing_id) : nullptr},
                           {"symbol", item.symbol},
                           {"exchange", values.at("exchange")},
                           {"condition", to_string(item.condition)}};
  data["target"] = text_or_null(values, "target");
  data["price"] = values.at("price");
  data["percent"] = text_or_null(values, "percent");
  data["window"] = text_or_null(values, "window");
  data["fired_at"] = values.at("fired_at");
  data["note"] = text_or_null(values, "note");
  return data;
}

}  // namespace

std::string default_webhook_body(const notification& item, const std::string& public_url) {
  if (!item.digest_of.empty()) {
    boost::json::array firings;
    for (const auto& part : item.digest_of) firings.push_back(firing_data(part, public_url));
    const auto last = alert_placeholders(item.digest_of.back(), public_url).at("fired_at");
    boost::json::object body{{"type", "alert.digest"}, {"timestamp", last}, {"data", {{"firings", std::move(firings)}}}};
    return boost::json::serialize(body);
  }
  boost::json::object body{{"type", "alert.triggered"},
                           {"timestamp", alert_placeholders(item, public_url).at("fired_at")},
                           {"data", firing_data(item, public_url)}};
  return boost::json::serialize(body);
}

std::string templated_webhook_body(const notification& item, const std::string& text, const std::string& public_url) {
  if (item.digest_of.empty()) return render_template(text, alert_placeholders(item, public_url), escape_json);
  // A digest of a template: the rendered firings as a JSON array (each is whatever the template makes).
  std::string body = "[";
  for (const auto& part : item.digest_of) {
    if (body.size() > 1) body += ",";
    body += render_template(text, alert_placeholders(part, public_url), escape_json);
  }
  return body + "]";
}

boost::system::result<outbound_request, send_failure> webhook_sender::request_for(const notification& item,
                                                                                  const delivery_channel& destination) {
  const auto url = destination.config.find("url");
  if (url == destination.config.end()) return send_failure{"webhook channel without a url", true, std::nullopt};
  const auto template_text = destination.config.find("template");
  std::string body = template_text == destination.config.end()
                         ? default_webhook_body(item, public_url_)
                         : templated_webhook_body(item, template_text->second, public_url_);
  const auto now = clock_.now();
  const auto timestamp = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const auto id = webhook_id(item);
  auto signature = sign_webhook(destination.secret, id, timestamp, body);
  if (!signature) return send_failure{"the channel's signing secret is not valid base64", true, std::nullopt};
  if (destination.previous_secret && destination.previous_secret_until && now < *destination.previous_secret_until) {
    if (auto previous = sign_webhook(*destination.previous_secret, id, timestamp, body)) *signature += " " + *previous;
  }
  return outbound_request{url->second,
                          {{"Content-Type", "application/json"},
                           {"webhook-id", id},
                           {"webhook-timestamp", std::to_string(timestamp)},
                           {"webhook-signature", *signature}},
                          std::move(body)};
}

send_result webhook_sender::judge(const outbound_answer& answer) {
  if (!answer.first) return no_answer("webhook", *answer.second);
  return judge_http_answer("webhook", *answer.first);
}

}  // namespace pricewatch
