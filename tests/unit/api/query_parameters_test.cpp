// Tests reading query parameters and building absolute page links from the request.
#include "api/query_parameters.hpp"

#include <gtest/gtest.h>

namespace pricewatch::api {
namespace {

// base: where the server says links begin (http/request_origin.hpp decides, and is tested there).
http::request list_request(std::string path, std::string query, std::string base = "http://127.0.0.1:8000") {
  http::request request;
  request.method = "GET";
  request.path = std::move(path);
  request.query = std::move(query);
  request.target = request.path + (request.query.empty() ? "" : "?" + request.query);
  request.base_url = std::move(base);
  return request;
}

TEST(query_parameter, reads_the_decoded_value) {
  EXPECT_EQ(query_parameter("page=2&symbol=BTC%2BUSDT", "page"), "2");
  EXPECT_EQ(query_parameter("page=2&symbol=BTC%2BUSDT", "symbol"), "BTC+USDT");
  EXPECT_EQ(query_parameter("note=a%20b", "note"), "a b");
  EXPECT_EQ(query_parameter("page=", "page"), "");
}

TEST(query_parameter, takes_the_first_of_repeated_names) { EXPECT_EQ(query_parameter("page=2&page=3", "page"), "2"); }

TEST(query_parameter, is_empty_when_absent) {
  EXPECT_EQ(query_parameter("", "page"), std::nullopt);
  EXPECT_EQ(query_parameter("page_size=5", "page"), std::nullopt);
}

TEST(page_link, the_first_page_has_no_page_parameter) {
  EXPECT_EQ(page_link(list_request("/api/alerts/", "page=2"), 1), "http://127.0.0.1:8000/api/alerts/");
  EXPECT_EQ(page_link(list_request("/api/alerts/", ""), 1), "http://127.0.0.1:8000/api/alerts/");
}

TEST(page_link, later_pages_set_the_page_parameter) {
  EXPECT_EQ(page_link(list_request("/api/alerts/", ""), 2), "http://127.0.0.1:8000/api/alerts/?page=2");
  EXPECT_EQ(page_link(list_request("/api/alerts/", "page=2"), 3), "http://127.0.0.1:8000/api/alerts/?page=3");
}

TEST(page_link, keeps_the_other_parameters_in_order) {
  const auto request = list_request("/api/v1/alerts", "status=created&page=3&symbol=BTCUSDT&page_size=5");
  EXPECT_EQ(page_link(request, 4), "http://127.0.0.1:8000/api/v1/alerts?status=created&symbol=BTCUSDT&page_size=5&page=4");
  EXPECT_EQ(page_link(request, 1), "http://127.0.0.1:8000/api/v1/alerts?status=created&symbol=BTCUSDT&page_size=5");
}

TEST(page_link, starts_at_the_base_url) {
  EXPECT_EQ(page_link(list_request("/api/alerts/", "", "https://alerts.example.com"), 2),
            "https://alerts.example.com/api/alerts/?page=2");
  EXPECT_EQ(page_link(list_request("/api/alerts/", "", "http://[::1]:8000"), 2), "http://[::1]:8000/api/alerts/?page=2");
}

TEST(page_link, keeps_the_path_of_a_base_url_behind_a_prefix) {
  EXPECT_EQ(page_link(list_request("/api/alerts/", "page=3", "https://example.com/pricewatch"), 2),
            "https://example.com/pricewatch/api/alerts/?page=2");
  EXPECT_EQ(page_link(list_request("/api/alerts/", "page=3", "https://example.com/pricewatch"), 1),
            "https://example.com/pricewatch/api/alerts/");
}

TEST(page_link, a_request_without_a_base_url_links_to_localhost) {
  EXPECT_EQ(page_link(list_request("/api/alerts/", "", ""), 2), "http://localhost/api/alerts/?page=2");
}

}  // namespace
}  // namespace pricewatch::api
