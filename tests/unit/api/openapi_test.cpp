// /openapi.json documents exactly the routes the router serves: every route is documented with
// its method, and every documented operation is served.
#include "api/services.hpp"

#include "api_harness.hpp"
#include "http/router.hpp"

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
  const test_support::api_harness api;
  const auto& router = api.routes();

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
