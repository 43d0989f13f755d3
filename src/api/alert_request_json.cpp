#include "api/alert_request_json.hpp"

#include "alerts/alert_rules.hpp"
#include "api/json_io.hpp"

namespace pricewatch::api {

result<alert_request> read_alert_request(const boost::json::object& body, dialect spoken) {
  alert_request request;
  if (const auto* symbol = body.if_contains("symbol"); symbol != nullptr && !symbol->is_null()) {
    auto valid = symbol->is_string() ? validate_symbol(symbol->as_string()) : validate_symbol("");
    if (!valid) {
      return valid.error();
    }
    request.symbol = std::move(*valid);
  }
  if (const auto* condition = body.if_contains("condition"); condition != nullptr && !condition->is_null()) {
    const auto parsed = condition->is_string() ? parse_condition(condition->as_string()) : std::nullopt;
    // The engine knows crossings and moves already; the API offers them once they are stored.
    if (!parsed || (*parsed != alert_condition::above && *parsed != alert_condition::below)) {
      return make_failure(errc::validation_failed, "Condition must be \"above\" or \"below\".");
    }
    request.condition = *parsed;
  }
  auto target = price_field(body, "price", spoken);
  if (!target) {
    return target.error();
  }
  request.target = *target;
  return request;
}

}  // namespace pricewatch::api
