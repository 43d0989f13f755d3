// The use cases of alerts for their owner: create, change (pause, resume), delete, get and list
// them and their firings, with the rules that keep them right (ownership, validation). Each change is published (alerts/alert_events.hpp):
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
class channel_store;
class instrument_check;

struct alert_page {
  page_request page;  // the page listed, a "last" resolved to its number
  std::int64_t count = 0;
  std::vector<alert> alerts;
};

struct firing_page {
  page_request page;
  std::int64_t count = 0;
  std::vector<firing_record> firings;
};

struct alert_patch;

class alert_service {
 public:
  // channels, when given, checks that the channels an alert names are its owner's; listed, when
  // given, that its exchange lists its symbol (once the exchange's list is known; a symbol missing
  // from a list that may be out of date is asked about first, which may block a few seconds).
  alert_service(alert_store& store, alert_publisher& changes, const wall_clock& clock,
                channel_store* channels = nullptr, instrument_check* listed = nullptr)
      : store_(store), changes_(changes), clock_(clock), channels_(channels), listed_(listed) {}

  // validation_failed for a request that breaks a rule of alerts/alert_rules.hpp, that names a
  // channel that is not the owner's, or a symbol its exchange does not list.
  result<alert> create(std::int64_t user_id, alert_request request);

  // Applies the patch to an open (created or paused) alert: validation_failed as create says (and
  // for a patch naming another exchange than the alert's),
  // conflict for a triggered, expired or deleted alert, not_found for a missing id and for another
  // user's alert alike. The engines follow the change at once (an `updated` event).
  result<alert> update(std::int64_t user_id, std::int64_t alert_id, const alert_patch& patch);

  // not_found for a missing id and for another user's alert alike. A triggered alert can be
  // deleted too (its history stays); deleting a deleted alert succeeds again.
  result<void> remove(std::int64_t user_id, std::int64_t alert_id);

  // not_found for a missing id and for another user's alert alike.
  result<alert> find(std::int64_t user_id, std::int64_t alert_id);

  // not_found ("Invalid page.") for a page past the end.
  result<alert_page> list(const alert_filter& filter, const page_request& page);

  // The filter's firings, newest first. With an alert_id, not_found unless it is the user's alert.
  result<firing_page> firings(const firing_filter& filter, const page_request& page);

  // Every alert of the user, each status, oldest first (an export, an account being deleted).
  std::vector<alert> all_alerts(std::int64_t user_id);
  // Every firing of the user, oldest first.
  std::vector<firing_record> all_firings(std::int64_t user_id);
  // Tells the engines, caches and streams that these alerts are gone: their account was deleted,
  // rows and all, so that no watcher fires them afterwards. Alerts that could no longer fire are
  // skipped.
  void announce_deleted(const std::vector<alert>& gone);

 private:
  alert_store& store_;
  alert_publisher& changes_;
  const wall_clock& clock_;
  channel_store* channels_;
  instrument_check* listed_;

  result<void> check_channels(std::int64_t user_id, const std::vector<std::int64_t>& channels);
  result<void> check_listed(const alert_request& request);
};

}  // namespace pricewatch
