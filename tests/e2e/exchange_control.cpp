// The fake exchange's control API over HTTP; see exchange_control.hpp.
#include "exchange_control.hpp"

#include "e2e_fixture.hpp"
#include "eventually.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>

namespace pricewatch::e2e {

std::string trade_stream(std::string_view symbol) {
  std::string name;
  for (const char c : symbol) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name + "@aggTrade";
}

std::int64_t now_ms() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
}

boost::json::value exchange_control::post(std::string_view target, const boost::json::value& body) {
  const http_response response = http_.post(target, boost::json::serialize(body));
  EXPECT_EQ(response.status, 200u) << target << " " << boost::json::serialize(body) << " -> " << response.body;
  return response.status == 200 ? response.json() : boost::json::value(nullptr);
}

std::int64_t exchange_control::set_price(std::string_view symbol, std::string_view price,
                                         std::optional<std::int64_t> trade_time_ms) {
  boost::json::object body{{"symbol", symbol}, {"price", price}};
  if (trade_time_ms) body["trade_time_ms"] = *trade_time_ms;
  return integer_of(member(post("/control/price", body), "delivered"));
}

void exchange_control::set_unsent_price(std::string_view symbol, std::string_view price) {
  post("/control/price", {{"symbol", symbol}, {"price", price}, {"broadcast", false}});
}

void exchange_control::pause(bool paused) { post("/control/pause", {{"paused", paused}}); }

std::int64_t exchange_control::stream_down(bool down) {
  return integer_of(member(post("/control/stream_down", {{"down", down}}), "dropped"));
}

void exchange_control::pause_heartbeats(bool paused) { post("/control/heartbeats", {{"paused", paused}}); }

void exchange_control::rest_failures(unsigned status, std::int64_t count, std::int64_t retry_after_seconds) {
  post("/control/rest_failures", {{"status", status}, {"count", count}, {"retry_after", retry_after_seconds}});
}

std::int64_t exchange_control::kraken_status(std::string_view system) {
  return integer_of(member(post("/control/status", {{"system", system}}), "delivered"));
}

std::int64_t exchange_control::drop() {
  return integer_of(member(post("/control/drop", boost::json::object{}), "dropped"));
}

std::int64_t exchange_control::garbage(std::string_view text) {
  return integer_of(member(post("/control/garbage", {{"text", text}}), "delivered"));
}

std::int64_t exchange_control::garbage(std::string_view text, std::int64_t repeat, std::int64_t size) {
  return integer_of(
      member(post("/control/garbage", {{"text", text}, {"repeat", repeat}, {"size", size}}), "delivered"));
}

std::int64_t exchange_control::raw_event(std::string_view stream, const boost::json::value& data) {
  return integer_of(member(post("/control/raw_event", {{"stream", stream}, {"data", data}}), "delivered"));
}

std::int64_t exchange_control::server_shutdown() {
  return integer_of(member(post("/control/server_shutdown", boost::json::object{}), "delivered"));
}

boost::json::value exchange_control::state() {
  const http_response response = http_.get("/control/state");
  EXPECT_EQ(response.status, 200u) << response.body;
  return response.json();
}

boost::json::value exchange_control::stream_state(std::string_view exchange) {
  const boost::json::value whole = state();
  return exchange == "binance" ? whole : member(whole, exchange);
}

bool exchange_control::follows(std::string_view exchange, std::string_view name) {
  const boost::json::value names = member(stream_state(exchange), "subscriptions");
  if (!names.is_array()) return false;
  for (const auto& item : names.as_array()) {
    if (item.is_string() && item.as_string() == name) return true;
  }
  return false;
}

bool exchange_control::wait_for_follow(std::string_view exchange, std::string_view name, bool present) {
  const bool reached = eventually([&] { return follows(exchange, name) == present; });
  EXPECT_TRUE(reached) << exchange << " " << name << (present ? " never subscribed" : " never unsubscribed")
                       << "; exchange state: " << boost::json::serialize(state());
  return reached;
}

bool exchange_control::subscribed(std::string_view symbol) {
  const boost::json::value streams = member(state(), "subscriptions");
  if (!streams.is_array()) return false;
  const std::string wanted = trade_stream(symbol);
  for (const auto& stream : streams.as_array()) {
    if (stream.is_string() && stream.as_string() == wanted) return true;
  }
  return false;
}

bool exchange_control::wait_for_subscription(std::string_view symbol, bool present) {
  const bool reached = eventually([&] { return subscribed(symbol) == present; });
  EXPECT_TRUE(reached) << trade_stream(symbol) << (present ? " never subscribed" : " never unsubscribed")
                       << "; exchange state: " << boost::json::serialize(state());
  return reached;
}

}  // namespace pricewatch::e2e
