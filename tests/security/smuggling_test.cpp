// Request smuggling and framing limits against the real binary: every ambiguous or malformed
// framing is refused and the connection closed, so that a request hidden in one body is never
// answered as the next request; a body or header past the limits is refused whatever its framing.
// The plain cases (a coding not ending in chunked, 501, Host) are in tests/e2e/limits_test.cpp.
#include "raw_connection.hpp"
#include "security_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

namespace pricewatch::security {
namespace {

// The request a smuggler hides; answered, it would be a second status line.
constexpr std::string_view smuggled = "GET /smuggled-request HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

int status_lines(const std::string& bytes) {
  static const std::regex status_line(R"(HTTP/1\.[01] [0-9]{3} )");
  return static_cast<int>(std::distance(std::sregex_iterator(bytes.begin(), bytes.end(), status_line),
                                        std::sregex_iterator()));
}

struct framing_case {
  std::string name;
  std::string head;  // request line and headers, without the blank line
  std::string body;
};

std::vector<framing_case> ambiguous_framings() {
  const std::string post = "POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
  const std::string chunked_empty = "0\r\n\r\n";
  return {
      {"CL.TE", post + "Content-Length: 5\r\nTransfer-Encoding: chunked", chunked_empty},
      {"TE.CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 3", "4\r\nabcd\r\n" + chunked_empty},
      {"two different lengths", post + "Content-Length: 0\r\nContent-Length: 52", ""},
      {"a list of lengths", post + "Content-Length: 0, 52", ""},
      {"negative length", post + "Content-Length: -1", ""},
      {"signed length", post + "Content-Length: +0", ""},
      {"hex length", post + "Content-Length: 0x0", ""},
      {"length past any integer", post + "Content-Length: 99999999999999999999999", ""},
      {"xchunked", post + "Transfer-Encoding: xchunked", chunked_empty},
      {"chunked then identity", post + "Transfer-Encoding: chunked, identity", chunked_empty},
      {"chunked twice", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", chunked_empty},
      {"space before the colon", post + "Transfer-Encoding : chunked", chunked_empty},
      {"TE in HTTP/1.0", "POST /api/v1/users HTTP/1.0\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked", chunked_empty},
      {"chunk size not hex", post + "Transfer-Encoding: chunked", "zz\r\nab\r\n" + chunked_empty},
      {"negative chunk size", post + "Transfer-Encoding: chunked", "-1\r\na\r\n" + chunked_empty},
      {"chunk size past any integer", post + "Transfer-Encoding: chunked", "fffffffffffffffffffff\r\na\r\n" + chunked_empty},
      {"chunk longer than its size", post + "Transfer-Encoding: chunked", "2\r\nabcdef\r\n" + chunked_empty},
      {"chunk without its CRLF", post + "Transfer-Encoding: chunked", "2\r\nab" + chunked_empty},
      {"bare LF chunk lines", post + "Transfer-Encoding: chunked", "2\nab\n0\n\n"},
      {"bare LF in the header", "POST /api/v1/users HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 0", ""},
      {"NUL in a header", post + std::string("X-A: a\0b", 8) + "\r\nContent-Length: 0", ""},
  };
}

class smuggling_test : public service_test {};

TEST_F(smuggling_test, no_request_hidden_in_an_ambiguous_or_malformed_framing_is_ever_answered) {
  for (const auto& framing : ambiguous_framings()) {
    raw_connection connection(port());
    connection.send(framing.head + "\r\n\r\n" + framing.body + std::string(smuggled));
    const raw_read answer = connection.read_until_close(std::chrono::seconds(5));
    EXPECT_LE(status_lines(answer.data), 1) << framing.name << ":\n" << answer.data;
    EXPECT_EQ(answer.data.find("smuggled-request"), std::string::npos) << framing.name;
    const unsigned status = status_of(answer.data);
    if (status != 0) {
      EXPECT_GE(status, 400u) << framing.name << ":\n" << answer.data;
    }
    EXPECT_LT(status, 500u + (status == 501 ? 2u : 0u)) << framing.name << ":\n" << answer.data;
    EXPECT_TRUE(answer.closed) << framing.name << ": the connection stayed open after an unreadable framing\n"
                               << answer.data;
  }
  // And the service still answers.
  EXPECT_EQ(client().get("/healthz").status, 200u);
}

// A figure of the process's memory from /proc ("VmHWM:" the peak, "VmRSS:" now), in MiB.
double memory_mib(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field, 0) == 0) return std::stod(line.substr(field.size())) / 1024.0;
  }
  return -1;
}

// Chunk extensions count against no limit in Beast's parser; a 64 MiB one must still be read in
// bounded memory (it is skipped, not kept) and answered like the body it precedes.
TEST_F(smuggling_test, a_huge_chunk_extension_is_read_in_bounded_memory) {
  // Growth over what the process held before, not its whole peak: under ASan the idle service
  // alone holds over 300 MiB (shadow memory), about 25 MiB otherwise.
  const double before = memory_mib(service().pid(), "VmRSS:");
  ASSERT_GT(before, 0.0);
  raw_connection connection(port());
  connection.send("POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2;" + std::string(64 << 20, 'x') +
                  "\r\n{}\r\n0\r\n\r\n");
  const raw_read answer = connection.read_until_close(std::chrono::seconds(20));
  EXPECT_EQ(status_of(answer.data), 400u) << answer.data.substr(0, 300);
  const double peak = memory_mib(service().pid(), "VmHWM:");
  std::cout << "[ figures ] peak memory after a 64 MiB chunk extension: " << peak << " MiB, " << before
            << " MiB before it\n";
  EXPECT_LT(peak - before, 32.0);
}

TEST_F(smuggling_test, a_chunked_body_over_the_limit_is_refused_without_a_content_length) {
  raw_connection connection(port());
  std::string chunks;
  for (int index = 0; index < 80; ++index) chunks += "400\r\n" + std::string(1024, 'a') + "\r\n";  // 80 KiB
  connection.send("POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n" + chunks + "0\r\n\r\n");
  const raw_read answer = connection.read_until_close(std::chrono::seconds(10));
  EXPECT_EQ(status_of(answer.data), 413u) << answer.data.substr(0, 300);
}

TEST_F(smuggling_test, a_long_target_or_many_headers_are_refused_and_the_service_keeps_serving) {
  {
    raw_connection connection(port());
    connection.send("GET /api/v1/alerts?" + std::string(9 * 1024, 'a') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const unsigned status = status_of(connection.read_until_close(std::chrono::seconds(5)).data);
    EXPECT_TRUE(status == 431u || status == 414u || status == 400u) << status;
  }
  {
    std::string headers;
    for (int index = 0; index < 2000; ++index) headers += "X-" + std::to_string(index) + ": v\r\n";
    raw_connection connection(port());
    connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");
    EXPECT_EQ(status_of(connection.read_until_close(std::chrono::seconds(5)).data), 431u);
  }
  {
    // A hundred pipelined requests on one connection: each answered once, in order.
    std::string pipelined;
    for (int index = 0; index < 100; ++index) pipelined += "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    raw_connection connection(port());
    connection.send(pipelined + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(status_lines(connection.read_until_close(std::chrono::seconds(10)).data), 101);
  }
  EXPECT_EQ(client().get("/healthz").status, 200u);
}

}  // namespace
}  // namespace pricewatch::security
