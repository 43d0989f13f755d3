#include "api_harness.hpp"

#include "alerts/alert_service.hpp"
#include "alerts/channel_service.hpp"
#include "api/services.hpp"
#include "app/alert_reactions.hpp"
#include "auth/account_lifecycle.hpp"
#include "auth/account_service.hpp"
#include "auth/authenticator.hpp"
#include "auth/session_service.hpp"
#include "core/random.hpp"
#include "cache/response_cache.hpp"
#include "events/event_hub.hpp"
#include "feed/ticker_quotes.hpp"
#include "http/metrics.hpp"
#include "http/request_origin.hpp"
#include "http/router.hpp"
#include "jwt_forge.hpp"
#include "queue/in_process/in_process_event_bus.hpp"
#include "storage/database.hpp"
#include "temp_directory.hpp"
#include "alerts/instrument_check.hpp"
#include "alerts/instrument_lists.hpp"
#include "watch/price_boards.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

namespace pricewatch::test_support {
namespace {

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return lowered;
}

// 64 bits that differ at every call: predictable, never repeated.
class counting_random final : public random_source {
 public:
  double uniform() override { return 0.5; }
  std::uint64_t bits() override { return 0x9e3779b97f4a7c15ULL * ++calls_; }

 private:
  std::uint64_t calls_ = 0;
};

// A fixed moment, so that dates in bodies and tokens never depend on when the test runs.
constexpr auto start_of_tests = std::chrono::milliseconds(1'790'000'000'000);

}  // namespace

// Wired as app/api_role.cpp and app/application.cpp wire the api role, except for the cheap
// password cost, the known secret and the manual clock. Members are in construction order.
struct api_harness::parts {
  temp_directory directory;
  manual_clock clock{time_point(start_of_tests)};
  std::unique_ptr<database> db = [this] {
    auto opened = make_database(database_config{directory.sqlite_url(), 1, &clock});
    opened->migrate();
    return opened;
  }();
  // Argon2id at its cheapest: these tests are about answers, not hashing cost.
  password_hasher hasher{password_cost{1, 8192}};
  token_service tokens{token_config{std::string(jwt_secret)}, clock};
  memory_login_limiter limiter{login_limits{}, clock};
  std::unique_ptr<response_cache> cache = make_response_cache(cache_config{}, clock);
  queue::in_process_event_bus changes;
  manual_monotonic_clock monotonic;
  instrument_lists listed;
  // Reads an exchange's list again as the api role's refresh would: whatever the test's relist
  // does, at once (nothing waits).
  std::function<void(exchange_id)> relist = [](exchange_id) {};
  instrument_check listing{listed, monotonic, [this](exchange_id which, std::function<void()> done) {
                             relist(which);
                             done();
                           }};
  alert_service alerts{db->alerts(), changes, clock, &db->channels(), &listing};
  account_service accounts{db->users(), hasher, tokens, limiter, clock};
  authenticator callers{tokens, db->users(), clock};
  // Tokens, families and reset links numbered: distinct, and the same in every run.
  counting_random secrets;
  session_service sessions{db->sessions(), secrets, clock, session_settings{}};
  std::vector<std::string> reset_links;  // "mailed" reset links, in order
  account_lifecycle lifecycle{accounts, db->users(), db->sessions(), sessions, hasher, tokens, limiter, callers,
                              secrets, clock, lifecycle_settings{},
                              [this](const std::string&, const std::string& link, std::chrono::seconds) {
                                reset_links.push_back(link);
                              }};
  http::metrics metrics;
  price_boards boards;
  event_hub events;
  api::operations operations{*db, metrics, boards, {}, *cache, {exchange_id::binance}, clock};
  ticker_exchange exchange;
  // As the api role makes them, but asking the fake exchange above and never waiting for it.
  ticker_quotes tickers{[this](const std::string& symbol, ticker_quotes::answer_handler done) {
                          exchange.ask(symbol, std::move(done));
                        },
                        monotonic, ticker_limits{}, std::chrono::milliseconds(0), 1};
  // Confirmation links "mailed" to a list the tests read; tokens numbered.
  std::vector<std::string> confirmation_links;
  int tokens_made = 0;
  channel_service channels{db->channels(), clock,
                           channel_service_hooks{[] { return std::string("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"); },
                                                 [this] { return "token" + std::to_string(++tokens_made); },
                                                 [this](const delivery_channel&, const std::string& link) {
                                                   confirmation_links.push_back(link);
                                                   return std::optional<std::string>();
                                                 }}};
  // A test message "sent" without a network: what the route answers is under test, not delivery.
  api::services services{accounts, alerts, callers, *cache, boards, events, operations, clock, tickers, channels,
                         [](const delivery_channel&) -> send_result { return {}; }, std::string(pause_key),
                         &lifecycle,
                         // At once, on the test's thread: the server does it on a thread of its own.
                         [this](const std::string& email, const std::string& link_base) {
                           lifecycle.send_reset_link(email, link_base);
                         }};
  http::router router = api::make_router(services);

  parts() {
    // As the composition root subscribes them: a change drops its owner's cached pages at once.
    changes.subscribe(cache_reactions(*cache));
    changes.subscribe(stream_reactions(events));
  }
};

api_harness::api_harness() : parts_(std::make_unique<parts>()) {}

const std::vector<std::string>& api_harness::confirmation_links() const { return parts_->confirmation_links; }
const std::vector<std::string>& api_harness::reset_links() const { return parts_->reset_links; }
api_harness::~api_harness() = default;

http::response api_harness::call(std::string_view method, std::string_view target, std::string_view body,
                                  const header_list& headers) {
  http::request request;
  request.method = std::string(method);
  request.target = std::string(target);
  const auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) {
    ADD_FAILURE() << "the server refuses this target before any route: " << target;
    return http::response{};
  }
  request.path = parsed->path();
  request.query = std::string(parsed->encoded_query());
  for (const auto& [name, value] : headers) request.headers.emplace_back(lower_case(name), value);
  if (request.header("host").empty()) request.headers.emplace_back("host", std::string(host));
  if (!body.empty() && request.header("content-type").empty()) {
    request.headers.emplace_back("content-type", "application/json");
  }
  request.body = std::string(body);
  // As the server fills them for a client at 127.0.0.1 with no proxy in front.
  http::resolve_origin(request, boost::asio::ip::make_address("127.0.0.1"), {});
  request.request_id = "unit-test";

  // As http/server.cpp runs a match (server::impl::respond), on this thread.
  auto matched = parts_->router.route(request);
  if (matched.handle == nullptr) return std::move(matched.fallback);
  if (matched.try_inline != nullptr) {
    if (auto answered = (*matched.try_inline)(request)) return std::move(*answered);
  }
  return (*matched.handle)(request);
}

api_harness::user api_harness::register_and_login(std::string_view email) {
  user registered{std::string(email), {}, 0};
  const std::string credentials =
      boost::json::serialize(boost::json::value{{"email", email}, {"password", password}});
  const auto created = post("/api/register/", credentials);
  EXPECT_EQ(created.status, 201u) << email << ": " << created.body;
  const auto logged_in = post("/api/login/", credentials);
  EXPECT_EQ(logged_in.status, 200u) << email << ": " << logged_in.body;
  if (logged_in.status != 200) return registered;
  registered.token = string_of(member(json_of(logged_in), "access_token"));
  registered.id = integer_of(member(decode_token(registered.token).payload, "user_id"));
  const auto listed = get("/api/alerts/", bearer(registered.token));
  EXPECT_EQ(listed.status, 200u) << email << ": " << listed.body;
  return registered;
}

std::int64_t api_harness::create_alert(std::string_view token, std::string_view body) {
  const auto created = post("/api/alerts/create/", body, bearer(token));
  EXPECT_EQ(created.status, 201u) << body << " -> " << created.body;
  if (created.status != 201) return 0;
  return integer_of(member(json_of(created), "id"));
}

const http::router& api_harness::routes() const { return parts_->router; }

price_board& api_harness::board(exchange_id exchange) { return parts_->boards.of(exchange); }
instrument_lists& api_harness::listed() { return parts_->listed; }

void api_harness::on_relist(std::function<void(exchange_id)> relist) { parts_->relist = std::move(relist); }
ticker_exchange& api_harness::exchange() { return parts_->exchange; }
manual_monotonic_clock& api_harness::monotonic() { return parts_->monotonic; }

result<daily_ticker> ticker_exchange::answer(const std::string& symbol) const {
  const auto found = tickers.find(symbol);
  if (found != tickers.end()) return found->second;
  return make_failure(errc::not_found, "The exchange does not list " + symbol + ".");
}

void ticker_exchange::ask(const std::string& symbol, std::function<void(result<daily_ticker>)> done) {
  asked.push_back(symbol);
  if (hold) held.emplace_back(symbol, std::move(done));
  else done(answer(symbol));
}

void ticker_exchange::release() {
  auto waiting = std::move(held);
  held.clear();
  hold = false;
  for (auto& [symbol, done] : waiting) done(answer(symbol));
}

manual_clock& api_harness::clock() { return parts_->clock; }

std::int64_t api_harness::now_seconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(parts_->clock.now().time_since_epoch()).count();
}

header_list bearer(std::string_view token) { return {{"Authorization", "Bearer " + std::string(token)}}; }

std::optional<std::string> header_of(const http::response& response, std::string_view name) {
  const auto wanted = lower_case(name);
  for (const auto& [key, value] : response.headers) {
    if (lower_case(key) == wanted) return value;
  }
  return std::nullopt;
}

boost::json::value json_of(const http::response& response) { return parse_json(response.body); }

void expect_v1_error(const http::response& response, unsigned status, std::string_view code) {
  EXPECT_EQ(response.status, status) << response.body;
  const auto body = json_of(response);
  expect_keys(body, {"error"});
  const auto error = member(body, "error");
  EXPECT_EQ(member(error, "code"), boost::json::value(code)) << response.body;
  const auto message = member(error, "message");
  EXPECT_TRUE(message.is_string() && !message.as_string().empty()) << response.body;
}

void expect_original_error(const http::response& response, unsigned status, std::string_view message) {
  EXPECT_EQ(response.status, status) << response.body;
  const auto body = json_of(response);
  expect_keys(body, {"error"});
  EXPECT_EQ(member(body, "error"), boost::json::value(message)) << response.body;
}

}  // namespace pricewatch::test_support
