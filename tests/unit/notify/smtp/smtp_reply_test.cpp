// Tests which SMTP replies make a refusal permanent (RFC 5321 4.2.1): 5xx but the ones about
// this service's own authentication; never a 4xx or no reply at all.
#include "notify/smtp/smtp_reply.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

TEST(smtp_refusal_is_permanent, is_true_for_a_5xx_about_the_message_or_its_recipient) {
  for (const long reply : {500L, 501L, 550L, 551L, 552L, 553L, 554L, 599L}) {
    EXPECT_TRUE(smtp_refusal_is_permanent(reply)) << reply;
  }
}

TEST(smtp_refusal_is_permanent, is_false_for_transient_replies_and_failures_without_a_reply) {
  for (const long reply : {0L, 250L, 421L, 450L, 451L, 452L, 499L, 600L}) {
    EXPECT_FALSE(smtp_refusal_is_permanent(reply)) << reply;
  }
}

TEST(smtp_refusal_is_permanent, is_false_for_this_services_own_authentication_which_an_operator_fixes) {
  for (const long reply : {530L, 534L, 535L, 538L}) {
    EXPECT_FALSE(smtp_refusal_is_permanent(reply)) << reply;
  }
}

}  // namespace
}  // namespace pricewatch
