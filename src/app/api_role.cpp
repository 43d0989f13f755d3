#include "app/api_role.hpp"

#include "alerts/alert_service.hpp"
#include "alerts/channel_service.hpp"
#include "app/delivery_workers.hpp"
#include "api/services.hpp"
#include "auth/account_lifecycle.hpp"
#include "auth/account_service.hpp"
#include "auth/session_service.hpp"
#include "auth/sodium_random.hpp"
#include "auth/authenticator.hpp"
#include "auth/random_hex.hpp"
#include "feed/make_price_feed.hpp"
#include "feed/ticker_quotes.hpp"
#include "http/router.hpp"
#include "notify/channel_tester.hpp"
#include "notify/webhook/webhook_signature.hpp"
#include "storage/database.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace pricewatch {
namespace {

// The configured secret, or in the embedded mode one generated once and kept in the database, so
// that tokens survive restarts (DESIGN.md section 2; deployment_plan refuses a shared database
// without a configured one).
std::string token_secret(const config& settings, database& db) {
  if (!settings.auth.jwt_secret.empty()) return settings.auth.jwt_secret;
  return db.settings().get_or_insert("auth.jwt_secret", random_hex(32));
}

}  // namespace

std::string pause_key(database& db) { return db.settings().get_or_insert("delivery.pause_key", random_hex(32)); }

namespace {

// How long a request for a price waits for the exchange's ticker; an ask that takes longer still
// fills the cache for the next request.
constexpr std::chrono::milliseconds ticker_patience{4000};

}  // namespace

api_role::api_role(const config& settings, database& db, response_cache& cache, alert_publisher& changes,
                   const price_boards& boards, instrument_check& listed, event_hub& events, const api::operations& operations,
                   const wall_clock& clock, boost::asio::any_io_executor executor, const feed_settings& ticker_feed,
                   const monotonic_clock& monotonic)
    : hasher_(std::make_unique<password_hasher>()),
      tokens_(std::make_unique<token_service>(
          token_config{token_secret(settings, db), std::chrono::seconds(settings.auth.token_ttl_seconds)}, clock)),
      callers_(std::make_unique<authenticator>(*tokens_, db.users(), clock)),
      limiter_(make_login_limiter(settings.cache.url, login_limits{}, clock)),
      alerts_(std::make_unique<alert_service>(db.alerts(), changes, clock, &db.channels(), &listed)),
      accounts_(std::make_unique<account_service>(db.users(), *hasher_, *tokens_, *limiter_, clock)),
      secrets_(std::make_unique<sodium_random>()),
      sessions_(std::make_unique<session_service>(
          db.sessions(), *secrets_, clock, session_settings{std::chrono::seconds(settings.auth.refresh_ttl_seconds)})),
      tester_(std::make_unique<channel_tester>(settings.mail.url, settings.mail.from, db.channels(), clock,
                                               channel_settings(settings))),
      lifecycle_(std::make_unique<account_lifecycle>(
          *accounts_, db.users(), db.sessions(), *sessions_, *hasher_, *tokens_, *limiter_, *callers_, *secrets_, clock,
          lifecycle_settings{std::chrono::seconds(settings.auth.password_reset_ttl_seconds)},
          [this](const std::string& address, const std::string& link, std::chrono::seconds valid_for) {
            if (auto failed = tester_->send_password_reset(address, link, valid_for)) {
              spdlog::warn("password reset: the link for account {} could not be mailed: {}", address, *failed);
            }
          })),
      reset_mail_thread_(std::make_unique<boost::asio::thread_pool>(1)),
      channels_(std::make_unique<channel_service>(
          db.channels(), clock,
          channel_service_hooks{make_webhook_secret, [] { return random_hex(32); },
                                [this](const delivery_channel& channel, const std::string& link) {
                                  return tester_->send_confirmation(channel, link);
                                }})),
      ticker_query_(make_ticker_query(executor, ticker_feed)),
      tickers_(std::make_unique<ticker_quotes>(
          ask_with(executor, *ticker_query_), monotonic, ticker_limits{}, ticker_patience,
          waiting_limit(static_cast<std::size_t>(settings.database.pool_size)))),
      services_(std::make_unique<api::services>(
          api::services{*accounts_, *alerts_, *callers_, cache, boards, events, operations, clock, *tickers_,
                        *channels_, [this](const delivery_channel& channel) { return tester_->send(channel); },
                        pause_key(db), lifecycle_.get(),
                        [this](const std::string& email, const std::string& link_base) {
                          boost::asio::post(*reset_mail_thread_, [this, email, link_base] {
                            try {
                              lifecycle_->send_reset_link(email, link_base);
                            } catch (const std::exception& error) {
                              spdlog::error("password reset: a requested link was not made: {}", error.what());
                            }
                          });
                        }})),
      routes_(std::make_unique<http::router>(api::make_router(*services_))) {}

api_role::~api_role() {
  // The links asked for are made and mailed before what they use goes.
  reset_mail_thread_->join();
}

}  // namespace pricewatch
