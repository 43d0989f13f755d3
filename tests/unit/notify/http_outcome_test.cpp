// What an HTTP service's answer means for a delivery: accepted, retried (no sooner than asked) or
// refused for good; and Telegram's Bot API answers, which say it in their JSON.
#include "notify/http/http_outcome.hpp"
#include "notify/chat/telegram_sender.hpp"
#include "notify/chat/webhook_chat_senders.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

outbound_reply answer(long status, std::string body = {}, header_fields headers = {}) {
  return outbound_reply{status, std::move(headers), std::move(body)};
}

TEST(http_outcome, any_2xx_is_accepted) {
  for (long status : {200L, 201L, 202L, 204L}) EXPECT_TRUE(judge_http_answer("webhook", answer(status))) << status;
}

TEST(http_outcome, 408_425_429_and_5xx_are_temporary) {
  for (long status : {408L, 425L, 429L, 500L, 502L, 503L, 504L}) {
    const auto judged = judge_http_answer("webhook", answer(status));
    ASSERT_FALSE(judged) << status;
    EXPECT_FALSE(judged.error().permanent) << status;
  }
}

TEST(http_outcome, other_4xx_and_redirects_are_permanent_with_the_reason) {
  for (long status : {400L, 401L, 403L, 404L, 410L, 413L, 301L, 302L, 307L}) {
    const auto judged = judge_http_answer("slack", answer(status, "invalid_payload"));
    ASSERT_FALSE(judged) << status;
    EXPECT_TRUE(judged.error().permanent) << status;
    EXPECT_NE(judged.error().reason.find("slack answered HTTP " + std::to_string(status)), std::string::npos);
  }
  EXPECT_NE(judge_http_answer("slack", answer(400, "invalid_payload")).error().reason.find("invalid_payload"),
            std::string::npos);
  const auto moved = judge_http_answer("webhook", answer(302, "", {{"location", "http://10.0.0.1/"}}));
  EXPECT_NE(moved.error().reason.find("not followed"), std::string::npos);
}

TEST(http_outcome, retry_after_in_seconds_is_honoured_and_capped) {
  const auto judged = judge_http_answer("webhook", answer(429, "", {{"retry-after", "7"}}));
  ASSERT_FALSE(judged);
  EXPECT_EQ(judged.error().retry_after, std::chrono::seconds(7));
  EXPECT_EQ(parse_retry_after(" 120 "), std::chrono::seconds(120));
  EXPECT_EQ(parse_retry_after("999999"), std::chrono::seconds(3600));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), std::nullopt);
  EXPECT_EQ(parse_retry_after("-1"), std::nullopt);
  EXPECT_EQ(parse_retry_after(""), std::nullopt);
  // A permanent refusal has no retry to delay.
  EXPECT_EQ(judge_http_answer("webhook", answer(400, "", {{"retry-after", "7"}})).error().retry_after, std::nullopt);
}

TEST(http_outcome, a_long_answer_is_quoted_short_on_one_line) {
  const auto judged = judge_http_answer("webhook", answer(500, "line one\r\nline two" + std::string(1000, 'x')));
  EXPECT_EQ(judged.error().reason.find('\n'), std::string::npos);
  EXPECT_LT(judged.error().reason.size(), 260u);
}

TEST(http_outcome, no_answer_keeps_whether_it_can_be_retried) {
  EXPECT_FALSE(no_answer("webhook", outbound_error{"Timeout was reached", false}).permanent);
  EXPECT_TRUE(no_answer("webhook", outbound_error{"destination refused: 127.0.0.1 (loopback)", true}).permanent);
}

TEST(telegram_answer, ok_true_is_sent) {
  EXPECT_TRUE(judge_telegram_answer(answer(200, R"({"ok":true,"result":{"message_id":1}})")));
}

TEST(telegram_answer, 429_is_retried_after_its_retry_after) {
  const auto judged =
      judge_telegram_answer(answer(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5",
                                            "parameters":{"retry_after":5}})"));
  ASSERT_FALSE(judged);
  EXPECT_FALSE(judged.error().permanent);
  EXPECT_EQ(judged.error().retry_after, std::chrono::seconds(5));
}

TEST(telegram_answer, 400_and_403_fail_at_once_with_the_description) {
  const auto missing = judge_telegram_answer(
      answer(400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})"));
  ASSERT_FALSE(missing);
  EXPECT_TRUE(missing.error().permanent);
  EXPECT_NE(missing.error().reason.find("chat not found"), std::string::npos);
  const auto blocked = judge_telegram_answer(
      answer(403, R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})"));
  EXPECT_TRUE(blocked.error().permanent);
}

TEST(telegram_answer, a_5xx_without_json_is_retried) {
  const auto judged = judge_telegram_answer(answer(502, "<html>Bad Gateway</html>"));
  ASSERT_FALSE(judged);
  EXPECT_FALSE(judged.error().permanent);
}

TEST(header_safe, control_characters_never_reach_a_header) {
  EXPECT_EQ(header_safe("BTC\r\nX-Evil: 1"), "BTC  X-Evil: 1");
}

}  // namespace
}  // namespace pricewatch
