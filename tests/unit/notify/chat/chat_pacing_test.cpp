// Telegram's message a second per chat, counted from the answer of the message before (when it
// has surely arrived), and a burst to one chat given turns a second apart.
#include "notify/chat/chat_pacing.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

const time_point start{std::chrono::milliseconds(1'700'000'000'000)};

TEST(chat_pacing, the_first_message_to_a_chat_goes_at_once) {
  chat_pacing pacing(1s);
  EXPECT_EQ(pacing.wait_before("42", start), std::nullopt);
}

TEST(chat_pacing, the_next_second_starts_when_the_answer_came_not_when_the_request_went) {
  chat_pacing pacing(1s);
  ASSERT_EQ(pacing.wait_before("42", start), std::nullopt);
  // The request took 40 ms: it arrived somewhere within them, so a second from its start is too soon.
  pacing.answered("42", start + 40ms);
  EXPECT_EQ(pacing.wait_before("42", start + 1000ms), std::optional(40ms));
  EXPECT_EQ(pacing.wait_before("42", start + 1040ms), std::nullopt);
}

TEST(chat_pacing, a_burst_to_one_chat_gets_turns_a_second_apart) {
  chat_pacing pacing(1s);
  ASSERT_EQ(pacing.wait_before("42", start), std::nullopt);
  pacing.answered("42", start + 10ms);
  EXPECT_EQ(pacing.wait_before("42", start + 20ms), std::optional(990ms));
  EXPECT_EQ(pacing.wait_before("42", start + 20ms), std::optional(1990ms));
  EXPECT_EQ(pacing.wait_before("42", start + 30ms), std::optional(2980ms));
}

TEST(chat_pacing, chats_are_paced_each_on_its_own) {
  chat_pacing pacing(1s);
  ASSERT_EQ(pacing.wait_before("42", start), std::nullopt);
  pacing.answered("42", start + 10ms);
  EXPECT_EQ(pacing.wait_before("43", start + 20ms), std::nullopt);
}

}  // namespace
}  // namespace pricewatch
