// Tests the framing rules read from a request's header before its body (RFC 9112 sections 3.2
// and 6): which requests are refused, with which status, and which pass; and the headers every
// answer carries.
#include "http/request_conversion.hpp"

#include "http/router.hpp"

#include <boost/beast/http/field.hpp>
#include <gtest/gtest.h>

#include <initializer_list>
#include <iterator>
#include <utility>

namespace pricewatch::http {
namespace {

namespace bhttp = boost::beast::http;

router test_router() {
  return router([](unsigned status, std::string_view message, error_style) {
    response built;
    built.status = status;
    built.body = std::string(message);
    return built;
  });
}

beast_request_header header_with(unsigned version,
                                 std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  beast_request_header header;
  header.method(bhttp::verb::post);
  header.target("/api/v1/users");
  header.version(version);
  for (const auto& [name, value] : fields) header.insert(name, value);
  return header;
}

unsigned refusal(const beast_request_header& header) {
  const auto answer = framing_error(header, test_router());
  return answer ? answer->status : 0;
}

TEST(framing_error, passes_a_request_with_one_host_and_no_transfer_coding) {
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}})), 0u);
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Content-Length", "3"}})), 0u);
}

TEST(framing_error, passes_chunked_alone_in_any_case_and_with_parameters) {
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Transfer-Encoding", "chunked"}})), 0u);
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Transfer-Encoding", " Chunked "}})), 0u);
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Transfer-Encoding", ", chunked,"}})), 0u) << "empty members";
}

TEST(framing_error, refuses_http_1_1_without_exactly_one_host) {
  EXPECT_EQ(refusal(header_with(11, {})), 400u);
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Host", "b"}})), 400u);
  EXPECT_EQ(refusal(header_with(10, {})), 0u) << "HTTP/1.0 has no Host requirement";
}

TEST(framing_error, refuses_a_final_coding_other_than_chunked_with_400) {
  for (const char* coding : {"xchunked", "identity", "chunked, identity", "gzip", "", ", "}) {
    EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Transfer-Encoding", coding}})), 400u) << '"' << coding << '"';
  }
}

TEST(framing_error, reads_every_transfer_encoding_field_as_one_list) {
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "identity"}})),
            400u);
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}})),
            400u);
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Transfer-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}})),
            501u);
}

TEST(framing_error, answers_501_to_codings_before_chunked_that_are_not_implemented) {
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Transfer-Encoding", "gzip, chunked"}})), 501u);
  EXPECT_EQ(refusal(header_with(11, {{"Host", "a"}, {"Transfer-Encoding", "identity, chunked"}})), 501u);
}

TEST(framing_error, refuses_a_transfer_encoding_in_http_1_0) {
  EXPECT_EQ(refusal(header_with(10, {{"Transfer-Encoding", "chunked"}})), 400u);
}

TEST(convert_response, every_answer_carries_the_security_headers) {
  response answer;
  answer.status = 404;
  answer.content_type = "application/json";
  answer.body = R"({"error":"not found"})";
  const auto message = convert_response(answer, 11, true, "req-1");
  EXPECT_EQ(message["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(message["X-Frame-Options"], "DENY");
  EXPECT_EQ(message["Referrer-Policy"], "same-origin");
  EXPECT_EQ(message["Cross-Origin-Opener-Policy"], "same-origin");
  EXPECT_EQ(message[bhttp::field::cache_control], "no-store");
  EXPECT_EQ(message["X-Request-Id"], "req-1");
}

TEST(convert_response, a_handlers_own_security_header_is_kept_not_doubled) {
  response page;
  page.status = 200;
  page.with_header("Referrer-Policy", "no-referrer");
  const auto message = convert_response(page, 11, true, "req-2");
  EXPECT_EQ(message["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(std::distance(message.equal_range("Referrer-Policy").first,
                          message.equal_range("Referrer-Policy").second),
            1);
  EXPECT_EQ(message["X-Frame-Options"], "DENY");
}

}  // namespace
}  // namespace pricewatch::http
