#include "api/error_responses.hpp"
#include "api/services.hpp"
#include "http/router.hpp"

namespace pricewatch::api {

http::router make_router(const services& services) {
  http::router router(status_error);
  add_original_routes(router, services);
  add_v1_account_routes(router, services);
  add_v1_alert_routes(router, services);
  add_v1_channel_routes(router, services);
  add_v1_session_routes(router, services);
  add_v1_me_routes(router, services);
  add_alert_pause_routes(router, services);
  add_price_routes(router, services);
  add_stream_routes(router, services);
  add_web_routes(router);
  add_operations_routes(router, services.ops);
  return router;
}

http::router make_operations_router(const operations& ops) {
  http::router router(status_error);
  add_operations_routes(router, ops);
  return router;
}

}  // namespace pricewatch::api
