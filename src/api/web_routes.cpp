// The browser app at / and its files, and /openapi.json, all embedded in the binary.
#include "api/services.hpp"
#include "http/router.hpp"
#include "http/embedded_files.hpp"
#include "http/static_files.hpp"

#include <memory>

namespace pricewatch::api {

void add_web_routes(http::router& router) {
  // Shared by the routes, which live as long as the router.
  auto files = std::make_shared<const http::static_files>();
  router.add("GET", "/", [files](http::request& request) { return *files->serve(request); },
             http::inline_route());
  for (const auto& file : http::embedded_web_files()) {
    router.add("GET", file.path, [files](http::request& request) { return *files->serve(request); },
               http::inline_route());
  }
}

}  // namespace pricewatch::api
