// The browser app at / and its files, and /openapi.json, all embedded in the binary.
#include "api/error_responses.hpp"
#include "api/services.hpp"
#include "http/router.hpp"
#include "http/embedded_files.hpp"
#include "http/static_files.hpp"

#include <memory>
#include <utility>

namespace pricewatch::api {

void add_web_routes(http::router& router) {
  // Shared by the routes, which live as long as the router.
  auto files = std::make_shared<const http::static_files>();
  // The router matches "//app.js" (and "//" for "/") to these routes, since it skips empty
  // segments, while the files are found by exact path: such a path is not found. Dereferencing
  // the empty answer was undefined behaviour (found by fuzz/http_request: a garbage response).
  const auto serve = [files](http::request& request) {
    auto served = files->serve(request);
    return served ? std::move(*served) : status_error(404, "Not found.", http::error_style::v1);
  };
  router.add("GET", "/", serve, http::inline_route());
  for (const auto& file : http::embedded_web_files()) router.add("GET", file.path, serve, http::inline_route());
}

}  // namespace pricewatch::api
