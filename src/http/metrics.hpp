// Request counts and latency histograms by route, method and status, rendered in the Prometheus
// text format. Thread-safe: recorded from every I/O thread behind one short mutex.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace pricewatch::http {

class metrics {
 public:
  void record_request(const std::string& method, const std::string& route, unsigned status,
                      std::chrono::steady_clock::duration elapsed);

  // The text exposition of everything recorded so far.
  std::string render() const;

 private:
  static constexpr std::array<double, 13> bucket_bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,    0.25,  0.5,    1.0,   2.5,  5.0};
  struct series {
    std::uint64_t count = 0;
    double sum_seconds = 0;
    std::array<std::uint64_t, bucket_bounds.size()> buckets{};
  };
  using key = std::tuple<std::string, std::string, unsigned>;  // method, route, status

  mutable std::mutex mutex_;
  std::map<key, series> series_;
};

}  // namespace pricewatch::http
