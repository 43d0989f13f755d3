// /openapi.json documents exactly the routes the router serves: every route is documented with
// its method, and every documented operation is served.
#include "api/services.hpp"

#include "queue/in_process/in_process_event_bus.hpp"
#include "alerts/alert_service.hpp"
#include "auth/account_service.hpp"
#include "auth/authenticator.hpp"
#include "cache/response_cache.hpp"
#include "events/event_hub.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "storage/database.hpp"
#include "temp_directory.hpp"
#include "watch/price_board.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace pricewatch {
namespace {

std::set<std::string> documented_operations() {
  std::ifstream file(PRICEWATCH_SOURCE_DIR "/docs/openapi.json");
  std::stringstream text;
  text << file.rdbuf();
  const auto document = boost::json::parse(text.str());
  std::set<std::string> operations;
  for (const auto& [path, item] : document.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      std::string upper(method);
      std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
      operations.insert(upper + " " + std::string(path));
    }
  }
  return operations;
}

TEST(openapi, documents_every_route_and_only_those) {
  test_support::temp_directory directory;
  auto db = make_database(database_config{"sqlite://" + (directory.path() / "t.db").string(), 1});
  db->migrate();
  system_wall_clock clock;
  password_hasher hasher(password_cost{1, 8192});
  token_service tokens(token_config{std::string(40, 's')}, clock);
  memory_login_limiter limiter(login_limits{}, clock);
  auto cache = make_response_cache(cache_config{}, clock);
  queue::in_process_event_bus changes;
  alert_service alerts(db->alerts(), changes, clock);
  account_service accounts(db->users(), hasher, tokens, limiter, clock);
  authenticator callers(tokens, db->users(), clock);
  http::metrics metrics;
  price_board board;
  event_hub events;
  const api::operations operations{*db, metrics, board, {}, *cache, true, clock};
  const api::services services{accounts, alerts, callers, *cache, board, events, operations, clock};
  const auto router = api::make_router(services);

  const auto documented = documented_operations();
  std::set<std::string> served;
  for (const auto& route : router.routes()) {
    // The app's static files are documented through "/" and "/openapi.json" alone.
    const bool static_file = route.pattern.find('.') != std::string::npos && route.pattern != "/openapi.json";
    if (!static_file) served.insert(route.method + " " + route.pattern);
  }
  for (const auto& operation : served) EXPECT_TRUE(documented.contains(operation)) << "undocumented: " << operation;
  for (const auto& operation : documented) EXPECT_TRUE(served.contains(operation)) << "not served: " << operation;
}

}  // namespace
}  // namespace pricewatch
