#include "app/api_role.hpp"

#include "alerts/alert_service.hpp"
#include "api/services.hpp"
#include "auth/account_service.hpp"
#include "auth/authenticator.hpp"
#include "auth/random_hex.hpp"
#include "http/router.hpp"
#include "storage/database.hpp"

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

api_role::api_role(const config& settings, database& db, response_cache& cache, alert_publisher& changes,
                   const price_board& board, event_hub& events, const api::operations& operations,
                   const wall_clock& clock)
    : hasher_(std::make_unique<password_hasher>()),
      tokens_(std::make_unique<token_service>(
          token_config{token_secret(settings, db), std::chrono::seconds(settings.auth.token_ttl_seconds)}, clock)),
      callers_(std::make_unique<authenticator>(*tokens_, db.users(), clock)),
      limiter_(make_login_limiter(settings.cache.url, login_limits{}, clock)),
      alerts_(std::make_unique<alert_service>(db.alerts(), changes, clock)),
      accounts_(std::make_unique<account_service>(db.users(), *hasher_, *tokens_, *limiter_, clock)),
      services_(std::make_unique<api::services>(
          api::services{*accounts_, *alerts_, *callers_, cache, board, events, operations, clock})),
      routes_(std::make_unique<http::router>(api::make_router(*services_))) {}

api_role::~api_role() = default;

}  // namespace pricewatch
