#include "concurrent_alerts.hpp"

#include "e2e_fixture.hpp"

#include <thread>

namespace pricewatch::e2e {

std::vector<std::int64_t> create_alerts_concurrently(unsigned short port, int count,
                                                     const std::function<alert_order(int index)>& order) {
  constexpr int clients = 4;
  std::vector<std::int64_t> ids(static_cast<std::size_t>(count), 0);
  std::vector<std::thread> creators;
  for (int client = 0; client < clients; ++client) {
    creators.emplace_back([&, client] {
      http_client http(port);
      for (int index = client; index < count; index += clients) {
        const alert_order made = order(index);
        const http_response created = http.post("/api/v1/alerts", made.body, bearer(made.token));
        if (created.status == 201) ids[static_cast<std::size_t>(index)] = integer_of(member(created.json(), "id"));
      }
    });
  }
  for (auto& creator : creators) creator.join();
  return ids;
}

}  // namespace pricewatch::e2e
