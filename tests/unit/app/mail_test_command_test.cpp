// Tests `pricewatch mail test`'s answer: the server's reply when sent, "not sent" when only saved,
// the error and exit status 1 when refused; the SMTP round trip itself is tests/e2e/operations_test.
#include "app/mail_test_command.hpp"

#include "notify/mail_sender.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace pricewatch {
namespace {

class scripted_sender final : public mail_sender {
 public:
  std::optional<send_failure> failure;
  delivered kind = delivered::sent;
  std::string answer = "250 2.0.0 Ok: queued as 7A1";
  std::vector<mail_message> seen;

  std::optional<send_failure> send(const mail_message& message) override {
    seen.push_back(message);
    return failure;
  }
  delivered accepted_as() const override { return kind; }
  std::string last_answer() const override { return answer; }
};

class fixed_clock final : public wall_clock {
 public:
  time_point now() const override { return time_point(std::chrono::seconds(1'790'000'000)); }
};

struct printed {
  int status = -1;
  std::string out;
  std::string err;
};

printed run(scripted_sender& sender, const std::string& address) {
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  printed result;
  result.status = send_test_mail(sender, "alerts@example.com", address, fixed_clock{}, out, err);
  const auto read = [](std::FILE* file) {
    std::string text(static_cast<std::size_t>(std::ftell(file)), '\0');
    std::rewind(file);
    text.resize(std::fread(text.data(), 1, text.size(), file));
    std::fclose(file);
    return text;
  };
  result.out = read(out);
  result.err = read(err);
  return result;
}

TEST(mail_test_command, prints_the_servers_answer_when_sent) {
  scripted_sender sender;
  const auto result = run(sender, "me@example.com");
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.out, "sent to me@example.com from alerts@example.com; the server answered: "
                        "250 2.0.0 Ok: queued as 7A1\n");
  ASSERT_EQ(sender.seen.size(), 1u);
  EXPECT_EQ(sender.seen[0].to, "me@example.com");
  EXPECT_EQ(sender.seen[0].from, "alerts@example.com");
  EXPECT_NE(sender.seen[0].subject.find("test"), std::string::npos);
}

TEST(mail_test_command, says_not_sent_when_only_saved) {
  scripted_sender sender;
  sender.kind = delivered::saved;
  sender.answer = "saved as var/outbox/test-1@example.com.eml";
  const auto result = run(sender, "me@example.com");
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.out, "not sent (mail.url is not set): saved as var/outbox/test-1@example.com.eml\n");
}

TEST(mail_test_command, prints_the_error_and_fails_when_refused) {
  scripted_sender sender;
  sender.failure = send_failure{"Login denied (server replied 535 5.7.8 Authentication failed)", false, std::nullopt};
  const auto result = run(sender, "me@example.com");
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("535 5.7.8 Authentication failed"), std::string::npos) << result.err;
}

TEST(mail_test_command, refuses_an_address_that_cannot_go_on_the_wire_without_sending) {
  scripted_sender sender;
  const auto result = run(sender, "not an address");
  EXPECT_EQ(result.status, 1);
  EXPECT_TRUE(sender.seen.empty());
  EXPECT_NE(result.err.find("not an address"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace pricewatch
