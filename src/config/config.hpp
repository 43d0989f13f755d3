// The whole configuration as plain values (DESIGN.md section 2). Only the composition root reads
// it; every component gets its own settings struct from it.
#pragma once

#include <cstdint>
#include <string>

namespace pricewatch {

struct config {
  struct http_section {
    std::string listen = "127.0.0.1:8000";
    std::int64_t threads = 2;
    std::string trusted_proxies;  // addresses and CIDR blocks, comma-separated, as checked by ip_networks
    std::string public_url;       // normalised: lower-case scheme and host, no trailing "/"; "" when unset
  } http;
  struct database_section {
    std::string url = "sqlite://var/pricewatch.db";
    std::int64_t pool_size = 4;
  } database;
  struct cache_section {
    std::string url = "memory://";
    std::int64_t ttl_seconds = 60;
  } cache;
  struct queue_section {
    std::string url = "local://";
  } queue;
  struct auth_section {
    std::string jwt_secret;  // empty: embedded mode generates one and keeps it in the database
    std::int64_t token_ttl_seconds = 1800;
    std::int64_t refresh_ttl_seconds = 30 * 24 * 3600;  // a session's refresh token (/api/v1 only)
    std::int64_t password_reset_ttl_seconds = 3600;     // an emailed password reset link
  } auth;
  // The base URLs of an exchange other than Binance: [feed.binanceus], [feed.coinbase], [feed.kraken].
  struct exchange_urls {
    std::string ws_url;
    std::string rest_url;
  };
  struct feed_section {
    std::string source = "binance-ws";
    std::string ws_url = "wss://stream.binance.com:9443";  // Binance's
    std::string rest_url = "https://api.binance.com";      // Binance's
    std::int64_t poll_seconds = 10;
    std::int64_t max_staleness_seconds = 30;
    exchange_urls binanceus{"wss://stream.binance.us:9443", "https://api.binance.us"};
    exchange_urls coinbase{"wss://ws-feed.exchange.coinbase.com", "https://api.exchange.coinbase.com"};
    exchange_urls kraken{"wss://ws.kraken.com/v2", "https://api.kraken.com"};
  } feed;
  struct mail_section {
    std::string url;  // empty: .eml files in var/outbox/
    std::string from = "pricewatch@localhost";
    std::int64_t connections = 2;  // delivery threads, each with its own SMTP connection
  } mail;
  struct delivery_section {
    // Channel URLs may reach loopback, private, link-local and multicast addresses (tests, a LAN
    // ntfy); off, such a destination is refused when it is connected to (DESIGN.md section 10).
    bool allow_private_networks = false;
    // Delivery threads for each channel type other than email (webhook, Telegram, Discord,
    // Slack, ntfy), beside mail.connections for email (notify/delivery_lanes.hpp).
    std::int64_t workers = 2;
    // Requests each of those threads has going at once to webhook, Slack and ntfy destinations
    // (Telegram and Discord pace each message by the last answer: one at a time).
    std::int64_t in_flight = 8;
  } delivery;
  struct telegram_section {
    std::string bot_token;  // the operator's bot; empty: telegram channels cannot send
    std::string api_url = "https://api.telegram.org";
  } telegram;
  struct log_section {
    std::string level = "info";
  } log;
};

}  // namespace pricewatch
