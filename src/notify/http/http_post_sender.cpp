#include "notify/http/http_post_sender.hpp"

#include <optional>

namespace pricewatch {

send_result http_post_sender::send(const notification& item, const delivery_channel& destination) {
  auto request = request_for(item, destination);
  if (!request) return request.error();
  return judge(http_.post(request->url, request->headers, request->body));
}

std::vector<send_result> http_post_sender::send_all(std::span<const addressed> deliveries) {
  std::vector<std::optional<send_result>> results(deliveries.size());
  std::vector<outbound_request> requests;
  std::vector<std::size_t> requested;  // the delivery each request is for
  for (std::size_t index = 0; index < deliveries.size(); ++index) {
    auto request = request_for(*deliveries[index].item, *deliveries[index].destination);
    if (!request) {
      results[index] = request.error();
      continue;
    }
    requests.push_back(std::move(*request));
    requested.push_back(index);
  }
  const auto answers = http_.post_all(requests);
  for (std::size_t at = 0; at < answers.size(); ++at) results[requested[at]] = judge(answers[at]);
  std::vector<send_result> ordered;
  ordered.reserve(results.size());
  for (auto& result : results) ordered.push_back(std::move(*result));
  return ordered;
}

}  // namespace pricewatch
