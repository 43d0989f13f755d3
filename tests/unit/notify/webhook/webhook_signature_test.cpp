// Standard Webhooks v1 signatures: the specification's own test vector, a secret with or without
// its prefix, and the secrets made for new webhooks.
#include "notify/webhook/webhook_signature.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

// Published with the Standard Webhooks reference libraries (and Svix's, which they came from).
constexpr std::string_view vector_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view vector_id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t vector_timestamp = 1614265330;
constexpr std::string_view vector_body = R"({"test": 2432232314})";
constexpr std::string_view vector_signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

TEST(webhook_signature, reproduces_the_specification_test_vector) {
  EXPECT_EQ(sign_webhook(vector_secret, vector_id, vector_timestamp, vector_body), vector_signature);
}

TEST(webhook_signature, the_whsec_prefix_is_optional) {
  EXPECT_EQ(sign_webhook(vector_secret.substr(6), vector_id, vector_timestamp, vector_body), vector_signature);
}

TEST(webhook_signature, any_change_of_id_timestamp_or_body_changes_it) {
  EXPECT_NE(sign_webhook(vector_secret, "msg_other", vector_timestamp, vector_body), vector_signature);
  EXPECT_NE(sign_webhook(vector_secret, vector_id, vector_timestamp + 1, vector_body), vector_signature);
  EXPECT_NE(sign_webhook(vector_secret, vector_id, vector_timestamp, R"({"test": 2432232315})"), vector_signature);
}

TEST(webhook_signature, a_secret_that_is_not_base64_signs_nothing) {
  EXPECT_EQ(sign_webhook("whsec_not base64!", vector_id, vector_timestamp, vector_body), std::nullopt);
  EXPECT_EQ(sign_webhook("whsec_", vector_id, vector_timestamp, vector_body), std::nullopt);
}

TEST(webhook_signature, new_secrets_are_32_random_bytes_in_base64_behind_whsec) {
  const auto first = make_webhook_secret();
  const auto second = make_webhook_secret();
  EXPECT_TRUE(first.starts_with("whsec_"));
  EXPECT_EQ(first.size(), 6u + 44u);  // 32 bytes are 44 base64 characters
  EXPECT_NE(first, second);
  EXPECT_TRUE(sign_webhook(first, vector_id, vector_timestamp, vector_body).has_value());
}

}  // namespace
}  // namespace pricewatch
