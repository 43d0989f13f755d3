// A plain TCP connection to the service, for bytes no well-behaved client sends (oversized or
// malformed requests) and for answers read only after another event, such as a signal.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch::e2e {

struct raw_response {
  unsigned status = 0;     // 0 when no status line arrived
  std::string head;        // status line and headers
  std::string body;
  bool complete = false;   // the whole Content-Length body arrived

  std::optional<std::string> header(std::string_view name) const;
};

struct raw_read {
  std::string data;
  bool closed = false;  // the peer closed (or reset) the connection before the deadline
};

// Blocking-free reads with deadlines through poll(); for one thread.
class raw_connection {
 public:
  // Throws std::system_error when it cannot connect.
  explicit raw_connection(unsigned short port);
  ~raw_connection();
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  // False when the peer has closed or reset the connection (no SIGPIPE).
  bool send(std::string_view bytes);

  // Reads one response framed by Content-Length (chunked bodies are not supported).
  raw_response read_response(std::chrono::milliseconds deadline = std::chrono::seconds(10));

  // Reads until the peer closes the connection or the deadline passes.
  raw_read read_until_close(std::chrono::milliseconds deadline = std::chrono::seconds(10));

 private:
  // Appends what arrives before the deadline; false at close, reset or deadline.
  bool receive_more(std::chrono::steady_clock::time_point deadline);

  int socket_ = -1;
  std::string pending_;
  bool closed_ = false;
};

// The status of the first response in raw bytes ("HTTP/1.1 431 ..."), 0 when there is none.
unsigned status_of(std::string_view bytes);

}  // namespace pricewatch::e2e
