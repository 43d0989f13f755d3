#include "alerts/alert_service.hpp"

#include "alerts/alert_events.hpp"
#include "alerts/alert_patch.hpp"
#include "alerts/alert_rules.hpp"
#include "alerts/instrument_check.hpp"
#include "storage/alert_store.hpp"
#include "storage/channel_store.hpp"

#include <algorithm>
#include <set>

namespace pricewatch {
namespace {

failure alert_not_found() { return make_failure(errc::not_found, "Alert not found or not authorized."); }

// The page of `count` rows asked for ("last" resolved), its rows read by fetch unless it is empty;
// not_found ("Invalid page.") past the end.
template <class Page, class Rows, class Fetch>
result<Page> read_page(std::int64_t count, const page_request& page, Rows Page::*rows, Fetch fetch) {
  Page result_page;
  result_page.count = count;
  result_page.page = resolve_last(page, count);
  if (auto exists = check_page_exists(result_page.page, count); !exists) return exists.error();
  if (count > result_page.page.offset()) result_page.*rows = fetch(result_page.page);
  return result_page;
}

failure alert_closed(const alert& item) {
  return make_failure(errc::conflict, "The alert is " + std::string(to_string(item.status)) +
                                          ": only an active or paused alert can change. Create a new one instead.");
}

}  // namespace

result<void> alert_service::check_channels(std::int64_t user_id, const std::vector<std::int64_t>& channels) {
  if (channels_ == nullptr || channels.empty()) return {};
  if (channels_->count_owned(user_id, channels) != channels.size()) {
    return make_failure(errc::validation_failed, "channels must name your own channels (GET /api/v1/channels).");
  }
  return {};
}

result<void> alert_service::check_listed(const alert_request& request) {
  if (listed_ == nullptr || listed_->find(request.exchange, request.symbol) != listing::not_listed) return {};
  return make_failure(errc::validation_failed,
                      request.symbol + " is not listed on " + std::string(exchange_name(request.exchange)) + ".");
}

result<alert> alert_service::create(std::int64_t user_id, alert_request request) {
  auto valid = validate_request(std::move(request), clock_.now());
  if (!valid) return valid.error();
  if (auto listed = check_listed(*valid); !listed) return listed.error();
  if (auto owned = check_channels(user_id, valid->channels); !owned) return owned.error();
  auto created = store_.create(user_id, *valid, clock_.now());
  changes_.publish(alert_event{alert_event_kind::created, created});
  return created;
}

result<alert> alert_service::update(std::int64_t user_id, std::int64_t alert_id, const alert_patch& patch) {
  const auto current = store_.find(user_id, alert_id);
  if (!current) return alert_not_found();
  if (!is_open(current->status)) return alert_closed(*current);
  if (patch.exchange && *patch.exchange != current->exchange) {
    return make_failure(errc::validation_failed, "exchange cannot be changed: create a new alert on the other exchange.");
  }
  auto valid = validate_request(patched(request_of(*current), patch), clock_.now(), current->expires_at);
  if (!valid) return valid.error();
  if (valid->symbol != current->symbol) {
    if (auto listed = check_listed(*valid); !listed) return listed.error();
  }
  if (patch.channels) {
    if (auto owned = check_channels(user_id, *patch.channels); !owned) return owned.error();
  }
  auto status = current->status;
  if (patch.paused) status = *patch.paused ? alert_status::paused : alert_status::created;
  auto outcome = store_.update(user_id, alert_id, *valid, status);
  switch (outcome.outcome) {
    case change_outcome::changed: {
      alert_event event{alert_event_kind::updated, *outcome.changed};
      if (outcome.changed->symbol != current->symbol) event.previous_symbol = current->symbol;
      changes_.publish(event);
      return std::move(*outcome.changed);
    }
    case change_outcome::closed:
      return alert_closed(*outcome.changed);
    case change_outcome::not_found:
      break;
  }
  return alert_not_found();
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
  return read_page<alert_page>(store_.count(filter), page, &alert_page::alerts, [&](const page_request& listed) {
    return store_.list(filter, listed.order, listed.offset(), listed.size);
  });
}

result<firing_page> alert_service::firings(const firing_filter& filter, const page_request& page) {
  if (filter.alert_id && !store_.find(filter.user_id, *filter.alert_id)) return alert_not_found();
  return read_page<firing_page>(store_.count_firings(filter), page, &firing_page::firings,
                                [&](const page_request& listed) {
                                  return store_.list_firings(filter, listed.offset(), listed.size);
                                });
}

std::vector<alert> alert_service::all_alerts(std::int64_t user_id) {
  std::vector<alert> all;
  const alert_filter filter{user_id, std::nullopt, std::nullopt, std::nullopt};
  for (std::int64_t offset = 0;; offset += page_request::max_size) {
    auto page = store_.list(filter, list_order::oldest_first, offset, page_request::max_size);
    const auto listed = page.size();
    for (auto& each : page) all.push_back(std::move(each));
    if (listed < static_cast<std::size_t>(page_request::max_size)) return all;
  }
}

std::vector<firing_record> alert_service::all_firings(std::int64_t user_id) {
  std::vector<firing_record> all;
  firing_filter filter;
  filter.user_id = user_id;
  // Newest first, as the store lists them: a firing made meanwhile may shift a page by one, so
  // the few seen twice are dropped by id and the list turned around at the end.
  std::set<std::int64_t> seen;
  for (std::int64_t offset = 0;; offset += page_request::max_size) {
    auto page = store_.list_firings(filter, offset, page_request::max_size);
    const auto listed = page.size();
    for (auto& each : page) {
      if (seen.insert(each.id).second) all.push_back(std::move(each));
    }
    if (listed < static_cast<std::size_t>(page_request::max_size)) {
      std::reverse(all.begin(), all.end());
      return all;
    }
  }
}

void alert_service::announce_deleted(const std::vector<alert>& gone) {
  for (const auto& each : gone) {
    if (!is_open(each.status)) continue;
    alert removed = each;
    removed.status = alert_status::deleted;
    changes_.publish(alert_event{alert_event_kind::deleted, std::move(removed)});
  }
}

}  // namespace pricewatch
