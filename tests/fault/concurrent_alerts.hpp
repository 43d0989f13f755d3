// The storms' alerts made as clients make them in bulk: four connections at once, each creating
// every fourth alert through POST /api/v1/alerts.
#pragma once

#include "http_client.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pricewatch::e2e {

// What alert `index` is: its owner's token and the request body.
struct alert_order {
  std::string token;
  std::string body;
};

// The ids of `count` alerts, ordered by index; 0 where the API did not answer 201.
std::vector<std::int64_t> create_alerts_concurrently(unsigned short port, int count,
                                                     const std::function<alert_order(int index)>& order);

}  // namespace pricewatch::e2e
