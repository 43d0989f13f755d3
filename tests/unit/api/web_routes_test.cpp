// The browser app's routes on the real route table: what a path the router matches but no file
// has gets.
#include "api_harness.hpp"

#include <gtest/gtest.h>

namespace pricewatch::test_support {
namespace {

TEST(web_routes, serves_the_app_and_its_files) {
  api_harness harness;
  EXPECT_EQ(harness.get("/").status, 200u);
  EXPECT_EQ(harness.get("/app.js").status, 200u);
}

// The router skips empty segments, so "//app.js" and "//" reach these routes, whose files are
// found by exact path. Found by fuzz/http_request: the empty answer was dereferenced (undefined
// behaviour; the real server sent a garbage 200 as an event stream and held the connection).
TEST(web_routes, a_path_the_router_matches_but_no_file_has_is_404) {
  api_harness harness;
  for (const char* target : {"//", "//app.js", "//////////////validate.js"}) {
    expect_v1_error(harness.get(target), 404, "not_found");
  }
}

}  // namespace
}  // namespace pricewatch::test_support
