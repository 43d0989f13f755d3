#include "api/alert_json.hpp"

#include "api/query_parameters.hpp"
#include "core/time_format.hpp"

namespace pricewatch::api {

boost::json::object original_alert_json(const alert& item) {
  return {{"id", item.id}, {"email", item.owner_email}, {"price", item.target.to_string(2)}, {"status", to_string(item.status)}};
}

boost::json::object v1_alert_json(const alert& item) {
  boost::json::object object{{"id", item.id},
                             {"symbol", item.symbol},
                             {"condition", to_string(item.condition)},
                             {"price", item.target.to_string()},
                             {"status", to_string(item.status)},
                             {"created_at", format_rfc3339(item.created_at)},
                             {"triggered_at", nullptr},
                             {"triggered_price", nullptr},
                             {"notification", nullptr}};
  if (item.triggered_at) object["triggered_at"] = format_rfc3339(*item.triggered_at);
  if (item.triggered_price) object["triggered_price"] = item.triggered_price->to_string();
  if (item.delivery) {
    object["notification"] = {{"status", item.delivery->status},
                              {"attempts", item.delivery->attempts},
                              {"last_error", item.delivery->last_error ? boost::json::value(*item.delivery->last_error)
                                                                      : boost::json::value(nullptr)}};
  }
  return object;
}

boost::json::object page_json(const http::request& request, const page_request& page, std::int64_t count,
                              boost::json::array results) {
  boost::json::object object;
  object["count"] = count;
  object["next"] = has_next_page(page, count) ? boost::json::value(page_link(request, page.number + 1)) : nullptr;
  object["previous"] = page.number > 1 ? boost::json::value(page_link(request, page.number - 1)) : nullptr;
  object["page_size"] = page.size;
  object["results"] = std::move(results);
  return object;
}

}  // namespace pricewatch::api
