#include "alerts/alert_service.hpp"

#include "alerts/alert_events.hpp"
#include "alerts/alert_rules.hpp"
#include "storage/alert_store.hpp"

namespace pricewatch {
namespace {

failure alert_not_found() { return make_failure(errc::not_found, "Alert not found or not authorized."); }

}  // namespace

result<alert> alert_service::create(std::int64_t user_id, alert_request request) {
  auto symbol = validate_symbol(request.symbol);
  if (!symbol) {
    return symbol.error();
  }
  auto target = validate_target(request.target);
  if (!target) {
    return target.error();
  }
  request.symbol = std::move(*symbol);
  auto created = store_.create(user_id, request, clock_.now());
  changes_.publish(alert_event{alert_event_kind::created, created});
  return created;
}

result<void> alert_service::remove(std::int64_t user_id, std::int64_t alert_id) {
  switch (store_.mark_deleted(user_id, alert_id)) {
    case delete_outcome::deleted:
      if (auto removed = store_.find(user_id, alert_id)) {
        changes_.publish(alert_event{alert_event_kind::deleted, std::move(*removed)});
      }
      return {};
    case delete_outcome::already_deleted:
      return {};
    case delete_outcome::not_found:
      break;
  }
  return alert_not_found();
}

result<alert> alert_service::find(std::int64_t user_id, std::int64_t alert_id) {
  auto found = store_.find(user_id, alert_id);
  if (!found) {
    return alert_not_found();
  }
  return std::move(*found);
}

result<alert_page> alert_service::list(const alert_filter& filter, const page_request& page) {
  alert_page result_page;
  result_page.count = store_.count(filter);
  result_page.page = resolve_last(page, result_page.count);
  const auto& listed = result_page.page;
  if (auto exists = check_page_exists(listed, result_page.count); !exists) {
    return exists.error();
  }
  if (result_page.count > listed.offset()) {
    result_page.alerts = store_.list(filter, listed.order, listed.offset(), listed.size);
  }
  return result_page;
}

}  // namespace pricewatch
