// Tests the events of the streams: the session_ended event that closes an alert stream whose
// token expired or whose account is gone, and that the account is only asked about when needed.
#include "api/stream_events.hpp"

#include <gtest/gtest.h>

namespace pricewatch::api {
namespace {

TEST(session_end_event, nothing_while_the_token_is_valid_and_the_account_exists) {
  EXPECT_FALSE(session_end_event(99, 100, [] { return true; }).has_value());
}

TEST(session_end_event, token_expired_from_its_exp_second_on_without_asking_for_the_account) {
  int asked = 0;
  const auto ended = session_end_event(100, 100, [&] {
    ++asked;
    return true;
  });
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->name, "session_ended");
  EXPECT_EQ(ended->data.rfind(R"({"reason":"token_expired","message":")", 0), 0u) << ended->data;
  EXPECT_EQ(asked, 0);
}

TEST(session_end_event, account_gone_while_the_token_is_valid) {
  const auto ended = session_end_event(50, 100, [] { return false; });
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->data.rfind(R"({"reason":"account_gone","message":")", 0), 0u) << ended->data;
}

TEST(to_sse_text, frames_one_event_with_its_dispatching_blank_line) {
  EXPECT_EQ(to_sse_text(stream_event{"price", R"({"p":1})"}), "event: price\ndata: {\"p\":1}\n\n");
}

}  // namespace
}  // namespace pricewatch::api
