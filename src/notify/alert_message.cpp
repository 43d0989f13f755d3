#include "notify/alert_message.hpp"

#include "core/exchange.hpp"
#include "core/time_format.hpp"

namespace pricewatch {

placeholder_values alert_placeholders(const notification& item, const std::string& public_url) {
  const bool moving = is_moving(item.condition);
  placeholder_values values;
  values["symbol"] = item.symbol;
  values["exchange"] = item.exchange;
  values["condition"] = std::string(to_string(item.condition));
  values["target"] = moving ? std::string() : item.target.to_string();
  values["price"] = item.triggered_price.to_string();
  values["percent"] = moving ? percent_text(item.percent_bp) : std::string();
  values["window"] = moving ? std::string(to_string(item.window)) : std::string();
  values["fired_at"] = format_rfc3339(item.created_at);
  values["note"] = item.note;
  values["alert_id"] = std::to_string(item.alert_id);
  if (!public_url.empty()) {
    auto base = public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    values["alert_url"] = base + "/#/alerts/" + std::to_string(item.alert_id);
  }
  return values;
}

std::string_view exchange_title_of(const notification& item) {
  return exchange_title(exchange_named(item.exchange).value_or(exchange_id::binance));
}

std::string default_template(const notification& item) {
  // The exchange's title is text of the template, not a value: it holds nothing any channel's
  // format would have to escape.
  const std::string market = "{{symbol}} on " + std::string(exchange_title_of(item));
  switch (item.condition) {
    case alert_condition::above:
      return market + " is at or above {{target}}: now {{price}} (alert #{{alert_id}})";
    case alert_condition::below:
      return market + " is at or below {{target}}: now {{price}} (alert #{{alert_id}})";
    case alert_condition::crossing_up:
    case alert_condition::crossing_down:
    case alert_condition::crossing:
      return market + " crossed {{target}} ({{condition}}): now {{price}} (alert #{{alert_id}})";
    case alert_condition::moving_up:
      return market + " rose {{percent}}% within {{window}}: now {{price}} (alert #{{alert_id}})";
    case alert_condition::moving_down:
      return market + " fell {{percent}}% within {{window}}: now {{price}} (alert #{{alert_id}})";
  }
  return market + ": now {{price}} (alert #{{alert_id}})";
}

std::string escape_html(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

std::string escape_markdown(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (std::string_view("\\*_~`|>[]()#").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::string escape_slack(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

std::string keep_plain(std::string_view text) { return std::string(text); }

}  // namespace pricewatch
