// A request as a client's bytes, through everything the server does with it before and after a
// handler (src/http: Beast's parser with the server's limits, framing_error, convert_request with
// a trusted proxy so forwarding headers are read, the router) and the handler itself: the api
// role's whole route table in-process on SQLite (tests/support/api_harness), so every route's
// query, path and body reading is reached. "@TOKEN@" and "@OTHER@" in the input are replaced by
// the access tokens of two registered users, so the routes behind authentication are reached too.
// A 500 or an exception out of a handler is a finding: bad input must get a 4xx.
#include "api_harness.hpp"
#include "fuzz_input.hpp"
#include "http/request_conversion.hpp"
#include "http/router.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

#include <iostream>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

namespace bhttp = boost::beast::http;
using pricewatch::test_support::api_harness;

struct service {
  api_harness harness;
  std::string token = harness.register_and_login("fuzz@example.com").token;
  std::string other = harness.register_and_login("other@example.com").token;
  pricewatch::http::origin_settings origin{*pricewatch::ip_networks::parse("127.0.0.1"), ""};
};

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// As http_session.cpp reads one request: nullopt when it is cut short (the server would wait).
void serve(service& server, std::string_view bytes) {
  const auto& routes = server.harness.routes();
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024);  // http::server_config's defaults
  parser.header_limit(8 * 1024);
  parser.eager(false);
  boost::beast::error_code error;
  bool framing_checked = false;
  while (!parser.is_done()) {
    const auto used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), error);
    bytes.remove_prefix(used);
    if (error == bhttp::error::need_more) return;
    if (error) {
      (void)pricewatch::http::response_for_read_error(error, routes);
      return;
    }
    if (parser.is_header_done() && !framing_checked) {
      framing_checked = true;
      if (pricewatch::http::framing_error(parser.get(), routes)) return;
    }
    if (used == 0 && !parser.is_done()) return;
  }
  auto converted = pricewatch::http::convert_request(parser.get(), boost::asio::ip::make_address("127.0.0.1"),
                                                     server.origin, "fuzz", routes);
  pricewatch::http::response answer;
  if (auto* refused = std::get_if<pricewatch::http::response>(&converted)) {
    answer = std::move(*refused);
  } else {
    auto& incoming = std::get<pricewatch::http::request>(converted);
    auto matched = routes.route(incoming);
    if (matched.handle == nullptr) {
      answer = std::move(matched.fallback);
    } else {
      std::optional<pricewatch::http::response> inline_answer;
      if (matched.try_inline != nullptr) inline_answer = (*matched.try_inline)(incoming);
      answer = inline_answer ? std::move(*inline_answer) : (*matched.handle)(incoming);
    }
  }
  if (answer.status >= 500 && answer.status != 501 && answer.status != 503) {
    std::cerr << answer.status << " for a request: " << answer.body << "\n";
    std::abort();
  }
  (void)pricewatch::http::convert_response(std::move(answer), parser.get().version(), parser.get().keep_alive(),
                                           "fuzz");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto server = std::make_unique<service>();
  std::string bytes(pricewatch::fuzz::text_of(data, size));
  replace_all(bytes, "@TOKEN@", server->token);
  replace_all(bytes, "@OTHER@", server->other);
  serve(*server, bytes);
  return 0;
}
