// What an HTTP answer (or its absence) means for a delivery (DESIGN.md section 10): 2xx is
// accepted; 408, 425, 429 and 5xx are temporary (retried, no sooner than a Retry-After asks);
// any other status is a permanent refusal, redirects included (they are never followed).
#pragma once

#include "notify/channel.hpp"
#include "notify/http/outbound_http.hpp"

#include <chrono>
#include <optional>
#include <string_view>

namespace pricewatch {

// Whether the status is a temporary refusal: 408, 425, 429 or 5xx.
bool is_temporary_status(long status);

// A Retry-After in delta-seconds ("120"), capped at an hour; nullopt for anything else (an
// HTTP-date is read as no advice: the schedule of section 6 then applies).
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value);

// The outcome of a POST: accepted, or the failure with the service's status, a bounded piece of
// its answer and, when it asked, how long to wait. service names it in the reason ("webhook").
send_result judge_http_answer(std::string_view service, const outbound_reply& reply);

// The failure when no answer came (outbound_http::post's error).
send_failure no_answer(std::string_view service, const outbound_error& error);

}  // namespace pricewatch
