// Slow and idle clients against the real binary: a thousand connections sending their headers or
// bodies a byte at a time (slowloris, slow bodies), and five thousand idle keep-alive
// connections, must not slow a normal client past a p99 of 100 ms, nor stop the service from
// serving. Label security-load (make test-reliability): each holds its connections for seconds.
#include "raw_connection.hpp"
#include "security_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace pricewatch::security {
namespace {

using namespace std::chrono_literals;

struct latencies {
  double p50 = 0, p99 = 0, max = 0;
  int failed = 0;
};

// A normal client's requests, one after another for the duration, each timed.
latencies normal_client(unsigned short port, const std::string& token, std::chrono::seconds duration) {
  http_client http(port);
  std::vector<double> samples;
  latencies result;
  const auto end = std::chrono::steady_clock::now() + duration;
  for (int index = 0; std::chrono::steady_clock::now() < end; ++index) {
    const auto start = std::chrono::steady_clock::now();
    const http_response answer = index % 2 ? http.get("/api/v1/alerts", bearer(token)) : http.get("/healthz");
    samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (answer.status != 200) ++result.failed;
    std::this_thread::sleep_for(20ms);  // a client's pace, not a benchmark's
  }
  std::sort(samples.begin(), samples.end());
  result.p50 = samples[samples.size() / 2];
  result.p99 = samples[std::min(samples.size() - 1, samples.size() * 99 / 100)];
  result.max = samples.back();
  return result;
}

class slow_clients_test : public service_test {};

TEST_F(slow_clients_test, a_thousand_slow_connections_do_not_slow_a_normal_client) {
  http_client http = client();
  const test_user user = register_and_login(http, "normal");
  create_alert(http, user.token, R"({"price": 1})");
  const latencies before = normal_client(port(), user.token, 3s);

  // 500 send their headers a byte at a time, 500 a declared body a byte at a time.
  std::vector<std::unique_ptr<raw_connection>> slow;
  std::vector<std::string> pending;
  for (int index = 0; index < 1000; ++index) {
    slow.push_back(std::make_unique<raw_connection>(port()));
    if (index % 2) {
      slow.back()->send("POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        "Content-Length: 10000\r\n\r\n{");
      pending.push_back(std::string(10000, ' '));
    } else {
      slow.back()->send("G");
      pending.push_back("ET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(5000, 'a'));
    }
  }
  std::atomic<bool> stop{false};
  std::atomic<int> trickled{0};
  std::thread trickle([&] {
    std::size_t offset = 0;
    while (!stop) {
      for (std::size_t index = 0; index < slow.size() && !stop; ++index) {
        if (offset < pending[index].size() && slow[index]->send(pending[index].substr(offset, 1))) ++trickled;
      }
      ++offset;
      std::this_thread::sleep_for(500ms);
    }
  });
  const latencies during = normal_client(port(), user.token, 10s);
  stop = true;
  trickle.join();
  std::cout << "[ figures ] normal client before: p50 " << before.p50 << " ms, p99 " << before.p99
            << " ms; beside 1000 slow connections (" << trickled << " bytes trickled): p50 " << during.p50
            << " ms, p99 " << during.p99 << " ms, max " << during.max << " ms, failed " << during.failed << "\n";
  EXPECT_EQ(during.failed, 0);
  EXPECT_LT(during.p99, 100.0);
}

TEST_F(slow_clients_test, five_thousand_idle_keep_alive_connections_do_not_slow_a_normal_client) {
  http_client http = client();
  const test_user user = register_and_login(http, "idle-neighbour");
  std::vector<std::unique_ptr<raw_connection>> idle;
  const auto opening = std::chrono::steady_clock::now();
  for (int index = 0; index < 5000; ++index) {
    idle.push_back(std::make_unique<raw_connection>(port()));
    idle.back()->send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  }
  int answered = 0;
  for (auto& connection : idle) answered += connection->read_response(10s).status == 200u ? 1 : 0;
  const double opened_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - opening).count();
  EXPECT_EQ(answered, 5000);
  const latencies during = normal_client(port(), user.token, 5s);
  // The idle connections are still alive and serve a second request.
  int again = 0;
  for (std::size_t index = 0; index < idle.size(); index += 50) {
    idle[index]->send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    again += idle[index]->read_response(10s).status == 200u ? 1 : 0;
  }
  std::cout << "[ figures ] 5000 keep-alive connections opened and answered in " << opened_s
            << " s; normal client beside them: p50 " << during.p50 << " ms, p99 " << during.p99 << " ms, max "
            << during.max << " ms; " << again << "/100 idle connections served again\n";
  EXPECT_EQ(during.failed, 0);
  EXPECT_LT(during.p99, 100.0);
  EXPECT_EQ(again, 100);
}

}  // namespace
}  // namespace pricewatch::security
