// Tests reading HTML form bodies: url-encoded and multipart/form-data (RFC 7578), as the clients
// of the original service send them.
#include "http/form_fields.hpp"

#include <gtest/gtest.h>

namespace pricewatch::http {
namespace {

using fields = form_fields;

TEST(read_urlencoded_form, decodes_plus_and_percent_escapes) {
  const auto read = read_urlencoded_form("email=a%40example.com&password=x+y%21&empty=");
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, (fields{{"email", "a@example.com"}, {"password", "x y!"}, {"empty", ""}}));
}

// The bytes Python's requests sends for requests.post(url, files={"price": (None, "51000")}),
// with a boundary of its own making.
TEST(read_multipart_form, reads_what_python_requests_sends) {
  const std::string body =
      "--8d4b1c7e2b9a4f0c\r\n"
      "Content-Disposition: form-data; name=\"price\"\r\n"
      "\r\n"
      "51000\r\n"
      "--8d4b1c7e2b9a4f0c--\r\n";
  const auto read = read_multipart_form("multipart/form-data; boundary=8d4b1c7e2b9a4f0c", body);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, (fields{{"price", "51000"}}));
}

// Chromium's and Postman's form-data: a quoted boundary parameter, several parts, a file part
// with its own Content-Type, a value holding a line break and a preamble before the first part.
TEST(read_multipart_form, reads_several_parts_files_included) {
  const std::string body =
      "This preamble is ignored.\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
      "Content-Disposition: form-data; name=\"price\"\r\n"
      "\r\n"
      "51000.5\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
      "content-disposition: form-data; name=\"note\"; filename=\"note.txt\"\r\n"
      "Content-Type: text/plain\r\n"
      "\r\n"
      "two\r\nlines\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n"
      "An epilogue, ignored too.";
  const auto read =
      read_multipart_form("multipart/form-data; charset=utf-8; boundary=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\"", body);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, (fields{{"price", "51000.5"}, {"note", "two\r\nlines"}}));
}

TEST(read_multipart_form, reads_an_empty_value_and_a_part_that_names_itself_with_escapes) {
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"a \\\"quoted\\\" name\"\r\n\r\n\r\n--b--";
  const auto read = read_multipart_form("multipart/form-data; boundary=b", body);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, (fields{{"a \"quoted\" name", ""}}));
}

TEST(read_multipart_form, refuses_malformed_bodies_with_a_reason) {
  const auto refused = [](std::string_view content_type, std::string_view body) {
    const auto read = read_multipart_form(content_type, body);
    EXPECT_FALSE(read) << body;
    return read ? std::string() : read.error().message;
  };
  const std::string_view type = "multipart/form-data; boundary=b";
  EXPECT_NE(refused("multipart/form-data", "--b\r\n\r\nx\r\n--b--"), "");
  EXPECT_NE(refused("multipart/form-data; boundary=" + std::string(71, 'b'), "x"), "");
  EXPECT_NE(refused(type, "no delimiter at all"), "");
  EXPECT_NE(refused(type, "--b\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nnever ends"), "");
  EXPECT_NE(refused(type, "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"), "");
  EXPECT_NE(refused(type, "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"), "");
  EXPECT_NE(refused(type, "--b\r\nContent-Disposition: attachment; name=\"p\"\r\n\r\nx\r\n--b--"), "");
  EXPECT_NE(refused(type, "--bx\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nx\r\n--b--"), "");
  EXPECT_NE(refused(type, "--b\r\nContent-Disposition: form-data; name=\"p\""), "");
}

TEST(header_parameter, reads_tokens_and_quoted_strings_ignoring_the_name_case) {
  EXPECT_EQ(header_parameter("multipart/form-data; boundary=abc", "boundary"), "abc");
  EXPECT_EQ(header_parameter("multipart/form-data;BOUNDARY=\"a;b c\"", "boundary"), "a;b c");
  EXPECT_EQ(header_parameter("form-data; name=\"price\"; filename=\"x.txt\"", "filename"), "x.txt");
  EXPECT_EQ(header_parameter("form-data; filename=\"x.txt\"", "name"), "");
  EXPECT_EQ(header_parameter("multipart/form-data", "boundary"), "");
}

}  // namespace
}  // namespace pricewatch::http
