// Tests static_files' compression (issue 16): the app's files gzipped for a client that accepts
// gzip and only then, with Vary and a validator of their own; Accept-Encoding read as RFC 9110 says.
#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pricewatch::http {
namespace {

std::string header(const response& answer, std::string_view name) {
  const auto found = std::find_if(answer.headers.begin(), answer.headers.end(),
                                  [&](const auto& each) { return each.first == name; });
  return found == answer.headers.end() ? std::string() : found->second;
}

request get(std::string path, std::string accept_encoding = {}) {
  request asked;
  asked.method = "GET";
  asked.path = std::move(path);
  if (!accept_encoding.empty()) asked.headers.emplace_back("accept-encoding", std::move(accept_encoding));
  return asked;
}

TEST(accepts_gzip, reads_codings_and_their_weights) {
  for (const char* yes : {"gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "*", "x-gzip", " deflate , gzip ;q=0.001"}) {
    EXPECT_TRUE(accepts_gzip(yes)) << yes;
  }
  for (const char* no : {"", "identity", "br, deflate", "gzip;q=0", "gzip; q=0.000", "*;q=0", "gzipped"}) {
    EXPECT_FALSE(accepts_gzip(no)) << no;
  }
}

TEST(static_files, sends_gzip_only_to_a_client_that_accepts_it) {
  const static_files files;
  const auto plain = files.serve(get("/app.js"));
  const auto compressed = files.serve(get("/app.js", "gzip, deflate, br"));
  ASSERT_TRUE(plain && compressed);
  EXPECT_EQ(header(*plain, "Content-Encoding"), "");
  EXPECT_EQ(header(*compressed, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(*plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(header(*compressed, "Vary"), "Accept-Encoding");
  EXPECT_EQ(compressed->body, gzip(plain->body));
  EXPECT_LT(compressed->body.size(), plain->body.size() / 2);
  EXPECT_EQ(static_cast<unsigned char>(compressed->body[0]), 0x1f) << "a gzip member";
  EXPECT_EQ(compressed->content_type, plain->content_type);
  EXPECT_NE(header(*compressed, "ETag"), header(*plain, "ETag"));
}

TEST(static_files, revalidates_each_representation_with_its_own_etag) {
  const static_files files;
  const auto compressed = files.serve(get("/", "gzip"));
  ASSERT_TRUE(compressed);
  auto again = get("/", "gzip");
  again.headers.emplace_back("if-none-match", header(*compressed, "ETag"));
  const auto not_modified = files.serve(again);
  ASSERT_TRUE(not_modified);
  EXPECT_EQ(not_modified->status, 304u);
  EXPECT_TRUE(not_modified->body.empty());
  auto plain_client = get("/");
  plain_client.headers.emplace_back("if-none-match", header(*compressed, "ETag"));
  EXPECT_EQ(files.serve(plain_client)->status, 200u) << "the gzip validator does not match the plain file";
}

}  // namespace
}  // namespace pricewatch::http
