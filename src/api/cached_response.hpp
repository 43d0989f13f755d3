// Serves a user's GET from the response cache, or produces it and caches a 200.
#pragma once

#include "cache/response_cache.hpp"
#include "http/http_message.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pricewatch::api {

template <class Produce>
http::response cached_response(response_cache& cache, std::int64_t user_id, const std::string& key, Produce produce) {
  if (auto body = cache.get(user_id, key)) {
    http::response hit;
    hit.body = std::move(*body);
    return hit;
  }
  // Taken before the database is read: a change in between keeps this page out of the cache.
  const auto version = cache.version(user_id);
  http::response produced = produce();
  if (produced.status == 200) {
    cache.fill(user_id, key, version, produced.body);
  }
  return produced;
}

// The cached page alone, for an inline attempt; nullopt on a miss.
inline std::optional<http::response> cached_only(response_cache& cache, std::int64_t user_id, const std::string& key) {
  auto body = cache.get(user_id, key);
  if (!body) return std::nullopt;
  http::response hit;
  hit.body = std::move(*body);
  return hit;
}

// Lists depend on the base URL (their links: scheme and host, forwarded or not) and the whole
// target (path and query).
inline std::string list_cache_key(std::string_view family, const http::request& request) {
  return std::string(family) + '|' + request.base_url + '|' + request.target;
}

}  // namespace pricewatch::api
