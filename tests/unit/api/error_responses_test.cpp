// Tests the mapping of failures to HTTP statuses and error bodies, in the /api/v1 shape and in
// the shapes the original service's clients expect.
#include "api/error_responses.hpp"

#include "api/authenticate.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace pricewatch::api {
namespace {

std::string header_of(const http::response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "(absent)";
}

boost::json::value body_of(const http::response& response) { return boost::json::parse(response.body); }

failure rate_limited(std::int64_t seconds) {
  failure limited = make_failure(errc::rate_limited, "Too many failed login attempts. Try again later.");
  limited.retry_after_seconds = seconds;
  return limited;
}

TEST(status_of, maps_every_code) {
  EXPECT_EQ(status_of(errc::validation_failed), 400u);
  EXPECT_EQ(status_of(errc::not_found), 404u);
  EXPECT_EQ(status_of(errc::conflict), 409u);
  EXPECT_EQ(status_of(errc::unauthenticated), 401u);
  EXPECT_EQ(status_of(errc::invalid_token), 401u);
  EXPECT_EQ(status_of(errc::invalid_credentials), 401u);
  EXPECT_EQ(status_of(errc::rate_limited), 429u);
  EXPECT_EQ(status_of(errc::unsupported_media_type), 415u);
  EXPECT_EQ(status_of(errc::backend_unavailable), 503u);
}

TEST(v1_error, has_code_and_message) {
  const auto response = v1_error(make_failure(errc::conflict, "Email already registered"));
  EXPECT_EQ(response.status, 409u);
  EXPECT_EQ(body_of(response), boost::json::parse(R"({"error": {"code": "conflict", "message": "Email already registered"}})"));
  EXPECT_TRUE(response.headers.empty());
  EXPECT_EQ(code_name(errc::validation_failed), "validation_failed");
  EXPECT_EQ(code_name(errc::invalid_token), "invalid_token");
}

TEST(v1_error, adds_the_headers_that_are_due) {
  const auto limited = v1_error(rate_limited(42));
  EXPECT_EQ(limited.status, 429u);
  EXPECT_EQ(header_of(limited, "Retry-After"), "42");
  EXPECT_EQ(header_of(v1_error(rate_limited(0)), "Retry-After"), "1");
  EXPECT_EQ(header_of(v1_error(make_failure(errc::invalid_token, "bad")), "WWW-Authenticate"), "Bearer realm=\"api\"");
  EXPECT_EQ(header_of(v1_error(make_failure(errc::invalid_credentials, "bad")), "WWW-Authenticate"), "(absent)");
}

TEST(original_error, unauthenticated_is_drfs_detail_with_a_challenge) {
  const auto response = original_error(make_failure(errc::unauthenticated, "ignored"));
  EXPECT_EQ(response.status, 401u);
  EXPECT_EQ(body_of(response), boost::json::parse(R"({"detail": "Authentication credentials were not provided."})"));
  EXPECT_EQ(header_of(response, "WWW-Authenticate"), "Bearer realm=\"api\"");
}

TEST(original_error, an_invalid_token_is_token_not_valid_with_the_frameworks_messages) {
  const auto response = original_error(make_failure(errc::invalid_token, "ignored"));
  EXPECT_EQ(response.status, 401u);
  EXPECT_EQ(body_of(response), boost::json::parse(R"({"detail": "Given token not valid for any token type",
      "code": "token_not_valid", "messages": [{"token_class": "AccessToken", "token_type": "access",
      "message": "Token is invalid or expired"}]})"));
}

TEST(original_error, a_malformed_bearer_header_is_bad_authorization_header) {
  const auto response = original_error(make_failure(errc::invalid_token, std::string(bad_authorization_header_message)));
  EXPECT_EQ(response.status, 401u);
  EXPECT_EQ(body_of(response), boost::json::parse(R"({"detail": "Authorization header must contain two space-delimited values",
      "code": "bad_authorization_header"})"));
}

TEST(original_error, rate_limited_has_retry_after) {
  const auto response = original_error(rate_limited(30));
  EXPECT_EQ(response.status, 429u);
  EXPECT_EQ(header_of(response, "Retry-After"), "30");
  EXPECT_EQ(body_of(response), boost::json::parse(R"({"error": "Too many failed login attempts. Try again later."})"));
}

TEST(original_error, other_failures_are_an_error_string) {
  const auto invalid = original_error(make_failure(errc::validation_failed, "Invalid data"));
  EXPECT_EQ(invalid.status, 400u);
  EXPECT_EQ(body_of(invalid), boost::json::parse(R"({"error": "Invalid data"})"));
  const auto credentials = original_error(make_failure(errc::invalid_credentials, "Invalid credentials"));
  EXPECT_EQ(credentials.status, 401u);
  EXPECT_EQ(body_of(credentials), boost::json::parse(R"({"error": "Invalid credentials"})"));
  const auto missing = original_error(make_failure(errc::not_found, "Alert not found or not authorized."));
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(body_of(missing), boost::json::parse(R"({"error": "Alert not found or not authorized."})"));
}

// ORIGINAL_API.md: a taken email is 400 {"error": "Email already registered"} there.
TEST(original_error, a_conflict_is_400_as_the_original_answered) {
  const auto response = original_error(make_failure(errc::conflict, "Email already registered"));
  EXPECT_EQ(response.status, 400u);
  EXPECT_EQ(body_of(response), boost::json::parse(R"({"error": "Email already registered"})"));
}

TEST(original_error, an_invalid_page_is_a_detail) {
  const auto response = original_error(make_failure(errc::not_found, "Invalid page."));
  EXPECT_EQ(response.status, 404u);
  EXPECT_EQ(body_of(response), boost::json::parse(R"({"detail": "Invalid page."})"));
}

TEST(status_error, answers_in_either_style) {
  const auto v1 = status_error(405, "Method \"GET\" not allowed.", http::error_style::v1);
  EXPECT_EQ(v1.status, 405u);
  EXPECT_EQ(body_of(v1),
            boost::json::parse(R"({"error": {"code": "method_not_allowed", "message": "Method \"GET\" not allowed."}})"));
  const auto original = status_error(404, "Not found.", http::error_style::original);
  EXPECT_EQ(original.status, 404u);
  EXPECT_EQ(body_of(original), boost::json::parse(R"({"detail": "Not found."})"));
  EXPECT_EQ(body_of(status_error(413, "Too large.", http::error_style::v1)).at("error").at("code"), "payload_too_large");
  const auto view = status_error(405, "Method \"GET\" not allowed.", http::error_style::original_view);
  EXPECT_EQ(body_of(view), boost::json::parse(R"({"error": "Invalid method"})"));
  EXPECT_EQ(body_of(status_error(503, "A backend is unavailable.", http::error_style::original_view)),
            boost::json::parse(R"({"error": "A backend is unavailable."})"));
}

}  // namespace
}  // namespace pricewatch::api
