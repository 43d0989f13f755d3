#include "http/metrics.hpp"

#include <fmt/format.h>

namespace pricewatch::http {
namespace {

// Label values are route patterns and methods we chose, but escape them as the format requires.
std::string escape_label(const std::string& value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

}  // namespace

void metrics::record_request(const std::string& method, const std::string& route, unsigned status,
                             std::chrono::steady_clock::duration elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  std::lock_guard lock(mutex_);
  auto& entry = series_[key{method, route, status}];
  ++entry.count;
  entry.sum_seconds += seconds;
  for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
    if (seconds <= bucket_bounds[i]) ++entry.buckets[i];
  }
}

std::string metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string text =
      "# HELP pricewatch_http_requests_total HTTP requests answered, by route, method and status.\n"
      "# TYPE pricewatch_http_requests_total counter\n";
  for (const auto& [labels, entry] : series_) {
    const auto& [method, route, status] = labels;
    text += fmt::format("pricewatch_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                        escape_label(method), escape_label(route), status, entry.count);
  }
  text +=
      "# HELP pricewatch_http_request_duration_seconds Time from a request read to its response written.\n"
      "# TYPE pricewatch_http_request_duration_seconds histogram\n";
  for (const auto& [labels, entry] : series_) {
    const auto& [method, route, status] = labels;
    const auto common = fmt::format("method=\"{}\",route=\"{}\",status=\"{}\"", escape_label(method),
                                    escape_label(route), status);
    for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
      text += fmt::format("pricewatch_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", common,
                          bucket_bounds[i], entry.buckets[i]);
    }
    text += fmt::format("pricewatch_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", common, entry.count);
    text += fmt::format("pricewatch_http_request_duration_seconds_sum{{{}}} {}\n", common, entry.sum_seconds);
    text += fmt::format("pricewatch_http_request_duration_seconds_count{{{}}} {}\n", common, entry.count);
  }
  return text;
}

}  // namespace pricewatch::http
