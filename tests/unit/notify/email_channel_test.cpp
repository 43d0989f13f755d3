// Tests the email channel: it renders the alert's mail for its sender, refuses an address that
// cannot go on the wire before sending anything, and says which refusals are for good.
#include "notify/email_channel.hpp"

#include "notify/mail_sender.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pricewatch {
namespace {

// Keeps what it was given and answers with the failure it was told (none: accepted).
class recording_sender final : public mail_sender {
 public:
  std::optional<send_failure> send(const mail_message& message) override {
    sent.push_back(message);
    return answer;
  }
  std::optional<send_failure> answer;
  std::vector<mail_message> sent;
};

notification fired_for(std::string recipient) {
  notification item;
  item.id = 5;
  item.alert_id = 17;
  item.recipient = std::move(recipient);
  item.symbol = "BTCUSDT";
  item.target = *price::parse("51000");
  item.triggered_price = *price::parse("51000.5");
  return item;
}

class email_channel_test : public ::testing::Test {
 protected:
  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  recording_sender sender_;
  email_channel email_{sender_, "alerts@example.com", clock_};
};

TEST_F(email_channel_test, renders_the_alerts_mail_for_its_owner) {
  ASSERT_TRUE(email_.send(fired_for("owner@example.com")));
  ASSERT_EQ(sender_.sent.size(), 1u);
  EXPECT_EQ(sender_.sent[0].from, "alerts@example.com");
  EXPECT_EQ(sender_.sent[0].to, "owner@example.com");
  EXPECT_EQ(sender_.sent[0].message_id.rfind("<alert-17@", 0), 0u) << sender_.sent[0].message_id;
  EXPECT_NE(sender_.sent[0].subject.find("BTCUSDT"), std::string::npos) << sender_.sent[0].subject;
}

TEST_F(email_channel_test, an_address_that_would_change_on_the_wire_is_refused_for_good_unsent) {
  const auto sent = email_.send(fired_for("owner@example.com\r\nBcc: x@example.com"));
  ASSERT_FALSE(sent);
  EXPECT_TRUE(sent.error().permanent);
  EXPECT_EQ(sent.error().reason.rfind("recipient ", 0), 0u) << sent.error().reason;
  EXPECT_TRUE(sender_.sent.empty());
}

TEST_F(email_channel_test, a_permanent_refusal_says_so_and_a_temporary_one_is_passed_on) {
  sender_.answer = send_failure{"server replied 550", true, std::nullopt};
  const auto refused = email_.send(fired_for("owner@example.com"));
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().permanent);
  EXPECT_EQ(refused.error().reason, "refused permanently: server replied 550");
  sender_.answer = send_failure{"server replied 451", false, std::nullopt};
  const auto busy = email_.send(fired_for("owner@example.com"));
  ASSERT_FALSE(busy);
  EXPECT_FALSE(busy.error().permanent);
  EXPECT_EQ(busy.error().reason, "server replied 451");
}

}  // namespace
}  // namespace pricewatch
