// mail.url as the configuration checks it at startup, and the startup line saying where mail goes.
#include "config/mail_url.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

TEST(mail_url, accepts_empty_and_smtp_urls) {
  EXPECT_EQ(mail_url_problem(""), std::nullopt);
  EXPECT_EQ(mail_url_problem("smtp://127.0.0.1:2525"), std::nullopt);
  EXPECT_EQ(mail_url_problem("smtps://me%40fastmail.com:app%20pass@smtp.fastmail.com:465"), std::nullopt);
  EXPECT_EQ(mail_url_problem("smtp://localhost"), std::nullopt);
}

TEST(mail_url, refuses_what_would_fail_only_when_an_alert_fires) {
  for (const auto* url : {"smtp//127.0.0.1:25", "http://mail.example.com", "smtp://", "smtp://host:99999",
                          "smtp://host:x", "smtp://host:25?tls=1", "smtp://me@gmail.com:secret@smtp.gmail.com:587"}) {
    EXPECT_NE(mail_url_problem(url), std::nullopt) << url;
  }
}

TEST(mail_url, says_how_to_write_a_user_name_with_an_at_sign) {
  const auto problem = mail_url_problem("smtp://me@gmail.com:secret@smtp.gmail.com:587");
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("%40"), std::string::npos) << *problem;
  EXPECT_NE(problem->find("more than one @"), std::string::npos) << *problem;
}

TEST(mail_url, describes_the_server_without_the_password) {
  const auto line = describe_mail_destination("smtp://me%40example.com:s3cret@smtp.example.com:587", "var/outbox");
  EXPECT_EQ(line, "mail goes to the SMTP server smtp.example.com:587 (STARTTLS when the server offers it), "
                  "logging in as me@example.com");
  EXPECT_EQ(line.find("s3cret"), std::string::npos);
  EXPECT_EQ(describe_mail_destination("smtps://mail.example.com", "var/outbox"),
            "mail goes to the SMTP server mail.example.com:465 over TLS");
  EXPECT_EQ(describe_mail_destination("smtp://127.0.0.1", "x"), "mail goes to the SMTP server 127.0.0.1:25 "
                                                                "(STARTTLS when the server offers it)");
}

TEST(mail_url, says_that_without_a_server_mail_is_only_saved) {
  const auto line = describe_mail_destination("", "/srv/pricewatch/var/outbox");
  EXPECT_NE(line.find("mail is not sent"), std::string::npos);
  EXPECT_NE(line.find("/srv/pricewatch/var/outbox"), std::string::npos);
  EXPECT_NE(line.find("mail.url"), std::string::npos);
}

}  // namespace
}  // namespace pricewatch
