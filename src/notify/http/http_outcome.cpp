#include "notify/http/http_outcome.hpp"

#include <algorithm>
#include <charconv>

namespace pricewatch {
namespace {

constexpr std::chrono::seconds longest_retry_after{3600};
constexpr std::size_t quoted_answer_bytes = 200;

// The start of the answer, on one line, for the reason shown to the channel's owner.
std::string excerpt(std::string_view body) {
  std::string text(body.substr(0, quoted_answer_bytes));
  std::replace_if(text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n' || c == '\t'; }, ' ');
  return text;
}

}  // namespace

bool is_temporary_status(long status) {
  return status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  long long seconds = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  return std::min(std::chrono::seconds(seconds), longest_retry_after);
}

send_result judge_http_answer(std::string_view service, const outbound_reply& reply) {
  if (reply.status >= 200 && reply.status <= 299) return {};
  send_failure failure;
  failure.reason = std::string(service) + " answered HTTP " + std::to_string(reply.status);
  if (reply.status >= 300 && reply.status <= 399) {
    failure.reason += " (a redirect, not followed";
    if (const auto location = reply.header("location")) failure.reason += ", to " + excerpt(*location);
    failure.reason += ")";
  } else if (!reply.body.empty()) {
    failure.reason += ": " + excerpt(reply.body);
  }
  failure.permanent = !is_temporary_status(reply.status);
  if (!failure.permanent) {
    if (const auto after = reply.header("retry-after")) failure.retry_after = parse_retry_after(*after);
  }
  return failure;
}

send_failure no_answer(std::string_view service, const outbound_error& error) {
  return send_failure{std::string(service) + ": " + error.reason, error.permanent, std::nullopt};
}

}  // namespace pricewatch
