// Tests reading request bodies (JSON, forms, media types) and reading prices from JSON fields.
#include "api/json_io.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace pricewatch::api {
namespace {

http::request with_body(std::string body, std::string content_type = "application/json") {
  http::request request;
  request.method = "POST";
  if (!content_type.empty()) request.headers.emplace_back("content-type", std::move(content_type));
  request.body = std::move(body);
  return request;
}

failure read_failure(const http::request& request, dialect spoken = dialect::v1) {
  const auto read = read_object(request, spoken);
  EXPECT_FALSE(read) << request.body;
  return read ? failure{} : read.error();
}

TEST(read_object, an_empty_body_is_an_empty_object) {
  const auto read = read_object(with_body(""), dialect::v1);
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->empty());
  EXPECT_TRUE(read_object(with_body("", ""), dialect::v1));
}

TEST(read_object, reads_a_json_object) {
  for (const std::string type : {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "",
                                 "application/problem+json"}) {
    const auto read = read_object(with_body(R"({"price": 51000, "symbol": "BTCUSDT"})", type), dialect::v1);
    ASSERT_TRUE(read) << type;
    EXPECT_EQ(read->at("price").as_int64(), 51000);
    EXPECT_EQ(read->at("symbol").as_string(), "BTCUSDT");
  }
}

TEST(read_object, json_that_is_not_an_object_fails_validation) {
  for (const std::string body : {"[]", "51000", "\"text\"", "null"}) {
    const auto error = read_failure(with_body(body));
    EXPECT_EQ(error.code, errc::validation_failed) << body;
    EXPECT_EQ(error.message, "Body must be a JSON object.") << body;
  }
}

TEST(read_object, invalid_json_fails_validation) {
  for (const std::string& body : std::vector<std::string>{"{", "{\"price\": }", "price=5", std::string(40, '[') + std::string(40, ']')}) {
    const auto error = read_failure(with_body(body));
    EXPECT_EQ(error.code, errc::validation_failed) << body;
    EXPECT_EQ(error.message, "Body is not valid JSON.") << body;
  }
}

// In application/x-www-form-urlencoded a "+" is a space (HTML, WHATWG URL; Django decodes it so).
TEST(read_object, the_original_dialect_reads_a_form) {
  const auto request = with_body("email=a%40example.com&password=x+y%21", "application/x-www-form-urlencoded");
  const auto read = read_object(request, dialect::original);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->at("email").as_string(), "a@example.com");
  EXPECT_EQ(read->at("password").as_string(), "x y!");
  const auto refused = read_failure(request, dialect::v1);
  EXPECT_EQ(refused.code, errc::unsupported_media_type);
}

// What Postman's form-data tab and requests.post(files=...) send, byte for byte.
TEST(read_object, the_original_dialect_reads_multipart_form_data) {
  const auto request = with_body(
      "--X-BOUNDARY\r\nContent-Disposition: form-data; name=\"price\"\r\n\r\n51000.5\r\n"
      "--X-BOUNDARY\r\nContent-Disposition: form-data; name=\"note\"; filename=\"note\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\nBTC\r\n--X-BOUNDARY--\r\n",
      "multipart/form-data; boundary=X-BOUNDARY");
  const auto read = read_object(request, dialect::original);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->at("price").as_string(), "51000.5");
  EXPECT_EQ(read->at("note").as_string(), "BTC");
  EXPECT_EQ(read_failure(request, dialect::v1).code, errc::unsupported_media_type);
}

// The original's views ran json.loads on the body whatever the Content-Type said: a bare fetch()
// sends text/plain, curl -d sends a form type, some clients send nothing or nonsense.
TEST(read_object, the_original_dialect_reads_json_whatever_the_content_type) {
  for (const std::string type : {"text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "", "application/xml",
                                 "multipart/form-data; boundary=x", "application/json"}) {
    const auto read = read_object(with_body(R"({"email": "a@example.com", "price": 5})", type), dialect::original);
    ASSERT_TRUE(read) << type << ": " << read.error().message;
    EXPECT_EQ(read->at("email").as_string(), "a@example.com") << type;
  }
}

TEST(read_object, the_original_dialect_refuses_what_is_neither_json_nor_a_form) {
  const auto not_json = read_failure(with_body("price=5", "text/plain"), dialect::original);
  EXPECT_EQ(not_json.code, errc::validation_failed);
  EXPECT_EQ(not_json.message, "Body is not valid JSON.");
  const auto array = read_failure(with_body("[1]", "text/plain"), dialect::original);
  EXPECT_EQ(array.message, "Body must be a JSON object.");
  const auto no_boundary = read_failure(with_body("--x\r\n", "multipart/form-data"), dialect::original);
  EXPECT_EQ(no_boundary.code, errc::validation_failed);
}

TEST(read_object, the_v1_dialect_refuses_other_media_types) {
  const auto error = read_failure(with_body(R"({"price": 5})", "text/plain"), dialect::v1);
  EXPECT_EQ(error.code, errc::unsupported_media_type);
  EXPECT_EQ(error.message, "Unsupported media type \"text/plain\" in request.");
}

std::string price_failure(std::string_view json, dialect spoken = dialect::v1) {
  const auto object = boost::json::parse(json).as_object();
  const auto read = price_field(object, "price", spoken);
  EXPECT_FALSE(read) << json;
  if (read) return "";
  EXPECT_EQ(read.error().code, errc::validation_failed) << json;
  return read.error().message;
}

std::int64_t price_units(std::string_view json, dialect spoken = dialect::v1) {
  const auto object = boost::json::parse(json).as_object();
  const auto read = price_field(object, "price", spoken);
  EXPECT_TRUE(read) << json << ": " << (read ? "" : read.error().message);
  return read ? read->units() : -1;
}

TEST(price_field, reads_numbers_and_decimal_strings) {
  EXPECT_EQ(price_units(R"({"price": 51000})"), 5'100'000'000'000);
  EXPECT_EQ(price_units(R"({"price": 51000.5})"), 5'100'050'000'000);
  EXPECT_EQ(price_units(R"({"price": "51000.5"})"), 5'100'050'000'000);
  EXPECT_EQ(price_units(R"({"price": 0.1})"), 10'000'000);
  EXPECT_EQ(price_units(R"({"price": "0.00012345"})"), 12'345);
}

TEST(price_field, names_what_is_wrong) {
  EXPECT_EQ(price_failure(R"({})"), "Price is required.");
  EXPECT_EQ(price_failure(R"({"price": null})"), "Price is required.");
  EXPECT_EQ(price_failure(R"({"price": "abc"})"), "Price must be a number.");
  EXPECT_EQ(price_failure(R"({"price": true})"), "Price must be a number.");
  EXPECT_EQ(price_failure(R"({"price": [1]})"), "Price must be a number.");
  EXPECT_EQ(price_failure(R"({"price": 0})"), "Price must be positive.");
  EXPECT_EQ(price_failure(R"({"price": "0"})"), "Price must be positive.");
  EXPECT_EQ(price_failure(R"({"price": -5})"), "Price must be positive.");
  EXPECT_EQ(price_failure(R"({"price": "-5"})"), "Price must be positive.");
  EXPECT_EQ(price_failure(R"({"price": -0.5})"), "Price must be positive.");
  EXPECT_EQ(price_failure(R"({"price": "1.123456789"})"), "Price must have at most 8 decimal places.");
  EXPECT_EQ(price_failure(R"({"price": " 5"})"), "Price must be a number.");
  EXPECT_EQ(price_failure(R"({"price": 1e-9})"), "Price must be positive.");  // rounds to zero
  EXPECT_EQ(price_failure(R"({"price": 18446744073709551615})"), "Price is too large.");
}

// 50000 * 1.1 in JavaScript is 55000.00000000001; JSON.stringify sends it so.
TEST(price_field, rounds_json_numbers_half_even_to_eight_decimals_in_both_dialects) {
  for (const auto spoken : {dialect::v1, dialect::original}) {
    EXPECT_EQ(price_units(R"({"price": 55000.00000000001})", spoken), 5'500'000'000'000);
    EXPECT_EQ(price_units(R"({"price": 1.123456785})", spoken), 112'345'678);
    EXPECT_EQ(price_units(R"({"price": 1e3})", spoken), 100'000'000'000);
  }
}

TEST(price_field, the_original_dialect_reads_strings_as_python_decimal_does) {
  EXPECT_EQ(price_units(R"({"price": " 53000 "})", dialect::original), 5'300'000'000'000);
  EXPECT_EQ(price_units(R"({"price": "1e3"})", dialect::original), 100'000'000'000);
  EXPECT_EQ(price_units(R"({"price": "55000.00000000001"})", dialect::original), 5'500'000'000'000);
  EXPECT_EQ(price_failure(R"({"price": "NaN"})", dialect::original), "Price must be a number.");
  EXPECT_EQ(price_failure(R"({"price": "-1"})", dialect::original), "Price must be positive.");
  EXPECT_EQ(price_failure(R"({"price": "0.000000001"})", dialect::original), "Price must be positive.");
}

// price::parse must not wrap eleven-digit prices into negative ones (see core/price_test.cpp).
TEST(price_field, a_price_above_the_largest_is_too_large) {
  EXPECT_EQ(price_failure(R"({"price": "99999999999"})"), "Price is too large.");
  EXPECT_EQ(price_failure(R"({"price": 99999999999})"), "Price is too large.");
  EXPECT_EQ(price_failure(R"({"price": "10000000001"})"), "Price is too large.");
}

TEST(string_field, reads_strings_only) {
  const auto object = boost::json::parse(R"({"email": "a@example.com", "count": 3})").as_object();
  EXPECT_EQ(string_field(object, "email"), "a@example.com");
  EXPECT_EQ(string_field(object, "count"), std::nullopt);
  EXPECT_EQ(string_field(object, "absent"), std::nullopt);
}

TEST(json_response, serialises_the_body) {
  const auto response = json_response(201, boost::json::object{{"email", "a@example.com"}});
  EXPECT_EQ(response.status, 201u);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"email":"a@example.com"})");
}

}  // namespace
}  // namespace pricewatch::api
