// What one process is to do, decided from its configuration and command line before anything is
// opened: the queue mode, its roles, how its watcher follows the feed, how its outbox is
// delivered, and the warnings to log. Pure, so that every rule about modes and roles is unit-
// tested and the composition root only wires what the plan says (userver: no logic in wiring).
#pragma once

#include "app/service_options.hpp"
#include "config/config.hpp"
#include "feed/feed_settings.hpp"
#include "queue/queue_url.hpp"
#include "watch/watcher_config.hpp"

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace pricewatch {

struct deployment_plan {
  // Embedded: changes and jobs stay in the process (and the database). Scaled out: RabbitMQ
  // carries alert events between processes and notification jobs to the notifiers.
  queue::queue_backend queue = queue::queue_backend::in_process;
  service_options roles;
  // Scaled out, the operator owns the token secret (every api process must share it); embedded,
  // one is generated once and kept in the database.
  bool generated_token_secret = true;
  // For a process with the watcher role: one watcher per exchange it watches (--exchange, or
  // all), each of that exchange's alerts only. An exchange with no active alert is never
  // connected (its feed follows no symbol).
  std::map<exchange_id, watcher_config> watchers;
  // For a process with the api role: where each exchange's instrument list is asked (REST only),
  // so that alerts on symbols an exchange does not list are refused.
  std::map<exchange_id, feed_settings> instrument_feeds;
  // For a process with the api role: the exchange GET /api/v1/prices asks for the 24-hour ticker
  // of a symbol (Binance, at feed.rest_url; its stream endpoint is not used).
  feed_settings ticker_feed;
  // Scaled out, watchers and notifiers relay due outbox rows to the job queue.
  bool relay_jobs = false;
  // Rows an earlier run of the all-in-one process left pending are due at once at startup;
  // elsewhere other processes may hold their leases.
  bool pending_due_at_start = true;
  // An api process with no watcher of its own shows the prices other processes' watchers send.
  bool mirror_prices = false;
  std::vector<std::string> warnings;
  // Where this process's mail goes, logged at startup (config/mail_url.hpp); empty for a process
  // that sends none (neither a notifier nor an api, which sends test messages).
  std::string mail_destination;
  std::string description;  // "api + watcher + notifier with in-process queue and the memory cache"
};

// How often a watcher rebuilds its engine from the database when changes may be missed.
inline constexpr std::chrono::seconds reconcile_interval{30};

// The feed of one exchange as the configuration sets it: feed.ws_url and feed.rest_url (and
// feed.source) for Binance, feed.<exchange>.ws_url and .rest_url for the others. Throws
// std::invalid_argument naming the key of a malformed URL.
feed_settings plan_feed(const config& settings, exchange_id exchange);

// Throws std::invalid_argument naming the setting for a deployment that cannot work.
deployment_plan plan_deployment(const config& settings, const service_options& options);

}  // namespace pricewatch
