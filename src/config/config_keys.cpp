#include "config/config_keys.hpp"

#include "config/mail_url.hpp"
#include "core/ip_networks.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <charconv>
#include <vector>

namespace pricewatch {
namespace {

using assigner = std::function<std::optional<std::string>(config&, const std::string&)>;

template <class Section>
assigner any_text(Section config::*section, std::string Section::*field) {
  return [=](config& target, const std::string& value) -> std::optional<std::string> {
    (target.*section).*field = value;
    return std::nullopt;
  };
}

template <class Section>
assigner integer(Section config::*section, std::int64_t Section::*field, std::int64_t min, std::int64_t max) {
  return [=](config& target, const std::string& value) -> std::optional<std::string> {
    std::int64_t parsed = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (error != std::errc{} || end != value.data() + value.size() || parsed < min || parsed > max) {
      return "must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got \"" + value + "\"";
    }
    (target.*section).*field = parsed;
    return std::nullopt;
  };
}

template <class Section>
assigner one_of(Section config::*section, std::string Section::*field, std::vector<std::string> choices,
                bool prefixes = false, bool allow_empty = false) {
  return [=](config& target, const std::string& value) -> std::optional<std::string> {
    bool ok = allow_empty && value.empty();
    for (const auto& choice : choices) {
      ok = ok || (prefixes ? value.starts_with(choice) : value == choice);
    }
    if (!ok) {
      std::string listed;
      for (const auto& choice : choices) listed += (listed.empty() ? "" : ", ") + choice + (prefixes ? "..." : "");
      return "must be " + std::string(prefixes ? "a URL starting with " : "one of ") + listed + ", got \"" + value + "\"";
    }
    (target.*section).*field = value;
    return std::nullopt;
  };
}

template <class Section>
assigner boolean(Section config::*section, bool Section::*field) {
  return [=](config& target, const std::string& value) -> std::optional<std::string> {
    if (value != "true" && value != "false") return "must be true or false, got \"" + value + "\"";
    (target.*section).*field = value == "true";
    return std::nullopt;
  };
}

// A base URL of one exchange's [feed.<exchange>] table.
assigner exchange_url(config::exchange_urls config::feed_section::*exchange, std::string config::exchange_urls::*field,
                      std::vector<std::string> schemes) {
  return [=](config& target, const std::string& value) -> std::optional<std::string> {
    const bool ok = std::any_of(schemes.begin(), schemes.end(), [&](const std::string& scheme) { return value.starts_with(scheme); });
    if (!ok) return "must be a URL starting with " + schemes.front() + "... or " + schemes.back() + "..., got \"" + value + "\"";
    (target.feed.*exchange).*field = value;
    return std::nullopt;
  };
}

assigner listen_address() {
  return [](config& target, const std::string& value) -> std::optional<std::string> {
    const auto colon = value.rfind(':');
    const auto port = colon == std::string::npos ? std::string() : value.substr(colon + 1);
    unsigned number = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (colon == 0 || colon == std::string::npos || error != std::errc{} || end != port.data() + port.size() ||
        number > 65535) {
      return "must be host:port, such as 127.0.0.1:8000, got \"" + value + "\"";
    }
    target.http.listen = value;
    return std::nullopt;
  };
}

// smtp:// or smtps://, parsed as libcurl will read it (config/mail_url.hpp); empty: the outbox.
assigner mail_url() {
  return [](config& target, const std::string& value) -> std::optional<std::string> {
    if (auto problem = mail_url_problem(value)) return problem;
    target.mail.url = value;
    return std::nullopt;
  };
}

assigner trusted_proxies() {
  return [](config& target, const std::string& value) -> std::optional<std::string> {
    const auto networks = ip_networks::parse(value);
    if (!networks) return networks.error().message;
    target.http.trusted_proxies = value;
    return std::nullopt;
  };
}

// The base of the links the service writes: an absolute http(s) URL, perhaps with a path, and
// nothing a link must not carry (a user, a query, a fragment). Empty unsets it.
assigner public_url() {
  return [](config& target, const std::string& value) -> std::optional<std::string> {
    if (value.empty()) {
      target.http.public_url.clear();
      return std::nullopt;
    }
    const auto refuse = [&value](std::string_view why) {
      return "must be an http:// or https:// URL with a host and no user, query or fragment, such as "
             "https://alerts.example.com; " + std::string(why) + ": \"" + value + "\"";
    };
    const auto parsed = boost::urls::parse_absolute_uri(value);
    if (!parsed) return refuse("this is not a URL");
    boost::urls::url url(*parsed);
    url.normalize();
    if (url.scheme() != "http" && url.scheme() != "https") return refuse("its scheme is " + std::string(url.scheme()));
    if (url.host_type() == boost::urls::host_type::none || url.encoded_host().empty()) return refuse("it has no host");
    if (url.has_userinfo()) return refuse("it has a user part");
    if (url.has_query() || url.has_fragment()) return refuse("it has a query or a fragment");
    unsigned long port = 0;
    const auto digits = url.port();
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (url.has_port() && (error != std::errc{} || end != digits.data() + digits.size() || port < 1 || port > 65535)) {
      return refuse("its port is not from 1 to 65535");
    }
    std::string normalised(url.buffer());
    while (normalised.ends_with('/')) normalised.pop_back();
    target.http.public_url = normalised;
    return std::nullopt;
  };
}

assigner jwt_secret() {
  return [](config& target, const std::string& value) -> std::optional<std::string> {
    if (value.size() < 32) {
      return "must be at least 32 bytes (256 bits) long";
    }
    target.auth.jwt_secret = value;
    return std::nullopt;
  };
}

std::vector<config_key> make_keys() {
  using c = config;
  return {
      {"http.listen", "address and port the API listens on (port 0 picks a free one)", false, listen_address()},
      {"http.threads", "I/O threads of the HTTP server", false, integer(&c::http, &c::http_section::threads, 1, 64)},
      {"http.trusted_proxies",
       "addresses or CIDR blocks of the reverse proxies whose Forwarded / X-Forwarded-* headers are believed "
       "(comma-separated; none by default)",
       false, trusted_proxies()},
      {"http.public_url", "the base of every absolute URL the service writes, e.g. https://alerts.example.com "
       "(default: the scheme and host of each request)", false, public_url()},
      {"database.url", "sqlite://PATH, postgresql://... or mysql://...", false,
       one_of(&c::database, &c::database_section::url, {"sqlite://", "postgresql://", "mysql://"}, true)},
      {"database.pool_size", "database connections (and blocking worker threads)", false,
       integer(&c::database, &c::database_section::pool_size, 1, 256)},
      {"cache.url", "memory:// or redis://HOST:PORT/DB", false,
       one_of(&c::cache, &c::cache_section::url, {"memory://", "redis://"}, true)},
      {"cache.ttl_seconds", "how long a GET list stays cached (0 disables the cache)", false,
       integer(&c::cache, &c::cache_section::ttl_seconds, 0, 86400)},
      {"queue.url", "local:// or amqp://USER:PASS@HOST:PORT/VHOST", false,
       one_of(&c::queue, &c::queue_section::url, {"local://", "amqp://"}, true)},
      {"auth.jwt_secret", "HS256 secret, at least 32 bytes (file or environment only)", true, jwt_secret()},
      {"auth.token_ttl_seconds", "lifetime of an access token", false,
       integer(&c::auth, &c::auth_section::token_ttl_seconds, 60, 86400)},
      {"auth.refresh_ttl_seconds", "lifetime of a refresh token (a session of /api/v1 lasts while it is used within it)",
       false, integer(&c::auth, &c::auth_section::refresh_ttl_seconds, 5, 366 * 86400)},
      {"auth.password_reset_ttl_seconds", "how long an emailed password reset link works", false,
       integer(&c::auth, &c::auth_section::password_reset_ttl_seconds, 5, 86400)},
      {"feed.source", "binance-ws or binance-rest", false,
       one_of(&c::feed, &c::feed_section::source, {"binance-ws", "binance-rest"})},
      {"feed.ws_url", "Binance WebSocket base URL", false,
       one_of(&c::feed, &c::feed_section::ws_url, {"wss://", "ws://"}, true)},
      {"feed.rest_url", "Binance REST base URL", false,
       one_of(&c::feed, &c::feed_section::rest_url, {"https://", "http://"}, true)},
      {"feed.binanceus.ws_url", "Binance.US WebSocket base URL", false,
       exchange_url(&c::feed_section::binanceus, &c::exchange_urls::ws_url, {"wss://", "ws://"})},
      {"feed.binanceus.rest_url", "Binance.US REST base URL", false,
       exchange_url(&c::feed_section::binanceus, &c::exchange_urls::rest_url, {"https://", "http://"})},
      {"feed.coinbase.ws_url", "Coinbase Exchange WebSocket feed URL", false,
       exchange_url(&c::feed_section::coinbase, &c::exchange_urls::ws_url, {"wss://", "ws://"})},
      {"feed.coinbase.rest_url", "Coinbase Exchange REST base URL", false,
       exchange_url(&c::feed_section::coinbase, &c::exchange_urls::rest_url, {"https://", "http://"})},
      {"feed.kraken.ws_url", "Kraken WebSocket v2 URL", false,
       exchange_url(&c::feed_section::kraken, &c::exchange_urls::ws_url, {"wss://", "ws://"})},
      {"feed.kraken.rest_url", "Kraken REST base URL", false,
       exchange_url(&c::feed_section::kraken, &c::exchange_urls::rest_url, {"https://", "http://"})},
      {"feed.poll_seconds", "REST polling period", false, integer(&c::feed, &c::feed_section::poll_seconds, 1, 3600)},
      {"feed.max_staleness_seconds", "an older price never fires an alert", false,
       integer(&c::feed, &c::feed_section::max_staleness_seconds, 1, 3600)},
      {"mail.url", "smtp:// or smtps:// server; empty writes .eml files to var/outbox/", false,
       mail_url()},
      {"mail.from", "sender address of alert emails", false, any_text(&c::mail, &c::mail_section::from)},
      {"mail.connections", "emails sent in parallel, each over its own connection", false,
       integer(&c::mail, &c::mail_section::connections, 1, 64)},
      {"delivery.allow_private_networks",
       "let channel URLs reach loopback, private, link-local and multicast addresses (tests, a LAN ntfy)", false,
       boolean(&c::delivery, &c::delivery_section::allow_private_networks)},
      {"delivery.workers", "deliveries in parallel for each channel type other than email (embedded mode)", false,
       integer(&c::delivery, &c::delivery_section::workers, 1, 64)},
      {"delivery.in_flight", "requests each delivery thread has going at once to webhook, Slack and ntfy channels",
       false, integer(&c::delivery, &c::delivery_section::in_flight, 1, 64)},
      {"telegram.bot_token", "the bot that telegram channels send through (Bot API token)", true,
       any_text(&c::telegram, &c::telegram_section::bot_token)},
      {"telegram.api_url", "Telegram Bot API base URL", false,
       one_of(&c::telegram, &c::telegram_section::api_url, {"https://", "http://"}, true)},
      {"log.level", "trace, debug, info, warn, error, critical or off", false,
       one_of(&c::log, &c::log_section::level, {"trace", "debug", "info", "warn", "error", "critical", "off"})},
  };
}

std::string upper_snake(std::string_view name) {
  std::string result;
  for (const char c : name) result += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return result;
}

}  // namespace

std::string config_key::environment_variable() const { return "PRICEWATCH_" + upper_snake(name); }

std::string config_key::flag() const {
  std::string result = "--";
  for (const char c : name) result += c == '.' || c == '_' ? '-' : c;
  return result;
}

std::span<const config_key> config_keys() {
  static const std::vector<config_key> keys = make_keys();
  return keys;
}

}  // namespace pricewatch
