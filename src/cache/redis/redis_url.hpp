// Where a Redis is and how to log in to it, read from redis://[[USER]:PASSWORD@]HOST[:PORT][/DB].
#pragma once

#include <cstdint>
#include <string>

namespace pricewatch {

struct redis_address {
  std::string host;
  std::uint16_t port = 6379;
  std::int64_t database = 0;
  std::string user;      // empty: AUTH with the password alone (Redis before ACLs, or the default user)
  std::string password;  // empty: no AUTH
};

// Throws std::invalid_argument naming what is wrong; the message never repeats a password.
redis_address parse_redis_url(const std::string& url);

// "HOST:PORT/DB", for logs and messages (no credentials).
std::string describe(const redis_address& address);

}  // namespace pricewatch
