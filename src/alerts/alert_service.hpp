// The use cases of alerts for their owner: create, delete, get and list, with the rules that
// keep them right (ownership, validation). Each change is published (alerts/alert_events.hpp):
// the cache, the streams and the watchers follow from there. Shared by all request threads.
#pragma once

#include "alerts/alert.hpp"
#include "alerts/pagination.hpp"
#include "core/clock.hpp"
#include "core/failure.hpp"

#include <vector>

namespace pricewatch {

class alert_store;
class alert_publisher;

struct alert_page {
  page_request page;  // the page listed, a "last" resolved to its number
  std::int64_t count = 0;
  std::vector<alert> alerts;
};

class alert_service {
 public:
  alert_service(alert_store& store, alert_publisher& changes, const wall_clock& clock)
      : store_(store), changes_(changes), clock_(clock) {}

  // validation_failed for a bad symbol or a non-positive price.
  result<alert> create(std::int64_t user_id, alert_request request);

  // not_found for a missing id and for another user's alert alike. A triggered alert can be
  // deleted too (its history stays); deleting a deleted alert succeeds again.
  result<void> remove(std::int64_t user_id, std::int64_t alert_id);

  // not_found for a missing id and for another user's alert alike.
  result<alert> find(std::int64_t user_id, std::int64_t alert_id);

  // not_found ("Invalid page.") for a page past the end.
  result<alert_page> list(const alert_filter& filter, const page_request& page);

 private:
  alert_store& store_;
  alert_publisher& changes_;
  const wall_clock& clock_;
};

}  // namespace pricewatch
