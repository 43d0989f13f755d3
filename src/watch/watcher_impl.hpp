// The watcher's state and steps, shared by watcher.cpp (alerts, firing, lifetime) and
// watcher_prices.cpp (the feed: frames, ticks, REST polling, gap fill). Private to src/watch.
#pragma once

#include "watch/watcher.hpp"

#include "alerts/trigger_engine.hpp"
#include "cache/response_cache.hpp"
#include "core/backoff.hpp"
#include "core/time_format.hpp"
#include "core/blocking_pool.hpp"
#include "feed/binance/binance_messages.hpp"
#include "feed/binance/rest_client.hpp"
#include "feed/binance/stream_client.hpp"
#include "storage/alert_store.hpp"
#include "watch/price_board.hpp"
#include "watch/symbol_query.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <map>
#include <unordered_set>
#include <variant>

namespace pricewatch {

namespace asio = boost::asio;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

namespace watch_detail {

struct deletion {
  std::int64_t id;
  std::string symbol;
};
using alert_change = std::variant<watched_alert, deletion>;

inline void log_failure(std::exception_ptr failure, const char* what) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    spdlog::error("watcher: {} ended: {}", what, error.what());
  }
}

}  // namespace watch_detail

using watch_detail::alert_change;
using watch_detail::deletion;
using watch_detail::log_failure;

struct watcher::impl : std::enable_shared_from_this<watcher::impl> {
  impl(asio::io_context& io, blocking_pool& workers, alert_store& store, response_cache& responses, price_board& prices,
       const wall_clock& time, watcher::hooks notify, watcher_config settings)
      : strand(asio::make_strand(io)),
        pool(workers),
        alerts(store),
        cache(responses),
        board(prices),
        clock(time),
        hooks(std::move(notify)),
        config(std::move(settings)),
        tls(asio::ssl::context::tls_client),
        rest(strand, config.rest_endpoint, tls),
        poll_timer(strand),
        retry_timer(strand),
        reconcile_timer(strand) {
    board.set_max_staleness(config.max_staleness);
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
  }

  asio::strand<asio::io_context::executor_type> strand;
  blocking_pool& pool;
  alert_store& alerts;
  response_cache& cache;
  price_board& board;
  const wall_clock& clock;
  watcher::hooks hooks;
  watcher_config config;
  asio::ssl::context tls;
  binance::rest_client rest;
  std::unique_ptr<binance::stream_client> stream;
  asio::steady_timer poll_timer;
  asio::steady_timer retry_timer;
  asio::steady_timer reconcile_timer;

  trigger_engine engine;
  bool loaded = false;
  bool stopping = false;
  std::vector<alert_change> early_changes;  // arrived before the initial load finished
  bool reloading = false;                   // a reconcile is reading the database
  bool reload_wanted = false;               // another reconcile was asked for meanwhile
  std::vector<alert_change> reload_changes;  // arrived while a reconcile was reading
  // Alerts seen deleted. Scaled out, a create and its delete may come from two api processes, and
  // so arrive in either order; an alert never comes back once deleted, so a create that arrives
  // after its delete is dropped instead of watching a deleted alert until the next reconcile.
  // Bounded: past max_remembered_ids it starts over (a late create is then put right by a reconcile).
  std::unordered_set<std::int64_t> deleted;
  static constexpr std::size_t max_remembered_ids = 100'000;
  // Alerts created shortly before the last database read, which returned them. Their "created"
  // events may still be on their way (queued by an api process while the broker was away) and
  // would add them a second time; those are dropped. Older alerts' events came long ago. Rebuilt
  // by each read, at most max_remembered_ids entries.
  std::unordered_set<std::int64_t> recently_loaded;
  static constexpr std::chrono::minutes recent_window{2};
  void rebuild(const std::vector<watched_alert>& active, time_point read_at);
  std::vector<fired_alert> scratch;
  std::vector<firing> pending;              // fired in the engine, not yet in the database
  bool flushing = false;
  std::optional<time_point> gap_started;    // the stream is down since (the last price before)
  time_point last_stream_price{};
  std::map<std::string, time_point> invalid_symbols;  // refused by the exchange, until

  // --- alerts -------------------------------------------------------------------------------
  asio::awaitable<void> load();
  asio::awaitable<std::vector<watched_alert>> read_active();
  asio::awaitable<void> reconcile();
  asio::awaitable<void> reconcile_loop();
  bool watches(const std::string& symbol) const { return config.symbols.empty() || config.symbols.contains(symbol); }
  void change(const alert_change& change);
  void apply(const alert_change& change);
  void follow_symbols();

  // --- prices -------------------------------------------------------------------------------
  void on_frame(const std::string& frame);
  void on_tick(const price_tick& tick);
  void on_connected();
  void on_disconnected(const std::string& reason);
  asio::awaitable<void> fill_gap(time_point from, time_point to);
  asio::awaitable<void> poll_loop();
  asio::awaitable<void> poll_once();

  // --- firing -------------------------------------------------------------------------------
  void collect(price at_price, price low, price high);
  asio::awaitable<void> flush();

  template <class Awaitable>
  void spawn(Awaitable work, const char* what) {
    asio::co_spawn(strand, std::move(work), [what](std::exception_ptr failure) { log_failure(failure, what); });
  }
};

}  // namespace pricewatch
