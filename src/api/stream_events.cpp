#include "api/stream_events.hpp"

#include "api/alert_json.hpp"
#include "core/time_format.hpp"

#include <boost/json/serialize.hpp>

namespace pricewatch::api {

stream_event price_event(const std::string& symbol, price value, time_point trade_time) {
  return {"price", boost::json::serialize(boost::json::object{
                       {"symbol", symbol}, {"price", value.to_string()}, {"trade_time", format_rfc3339(trade_time)}})};
}

stream_event alert_event(std::string_view type, const alert& changed) {
  return {"alert", boost::json::serialize(boost::json::object{{"type", type}, {"alert", v1_alert_json(changed)}})};
}

}  // namespace pricewatch::api
