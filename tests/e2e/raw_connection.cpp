// POSIX socket side of raw_connection.hpp.
#include "raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <system_error>

namespace pricewatch::e2e {
namespace {

using std::chrono::steady_clock;

int milliseconds_until(steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady_clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

// The value of a header in a response head, by case-insensitive name.
std::optional<std::string> find_header(std::string_view head, std::string_view name) {
  std::size_t line_start = head.find("\r\n");
  while (line_start != std::string_view::npos && line_start + 2 < head.size()) {
    line_start += 2;
    const std::size_t line_end = head.find("\r\n", line_start);
    const std::string_view line = head.substr(line_start, line_end - line_start);
    const std::size_t colon = line.find(':');
    if (colon == name.size() && strncasecmp(line.data(), name.data(), name.size()) == 0) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      return std::string(value);
    }
    line_start = line_end;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> raw_response::header(std::string_view name) const { return find_header(head, name); }

unsigned status_of(std::string_view bytes) {
  if (!bytes.starts_with("HTTP/1.") || bytes.size() < 12) return 0;
  unsigned status = 0;
  const auto [end, error] = std::from_chars(bytes.data() + 9, bytes.data() + 12, status);
  return error == std::errc() && end == bytes.data() + 12 ? status : 0;
}

raw_connection::raw_connection(unsigned short port) {
  socket_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (socket_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // The cast is how the sockets API is called.
  if (connect(socket_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    close(socket_);
    throw std::system_error(error, std::generic_category(), "connect");
  }
}

raw_connection::~raw_connection() { close(socket_); }

bool raw_connection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(socket_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool raw_connection::receive_more(steady_clock::time_point deadline) {
  if (closed_) return false;
  for (;;) {
    pollfd readable{socket_, POLLIN, 0};
    const int ready = poll(&readable, 1, milliseconds_until(deadline));
    if (ready == 0) return false;
    if (ready < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    char chunk[8192];
    const ssize_t count = recv(socket_, chunk, sizeof chunk, 0);
    if (count > 0) {
      pending_.append(chunk, static_cast<std::size_t>(count));
      return true;
    }
    if (count < 0 && errno == EINTR) continue;
    closed_ = true;  // end of file or reset
    return false;
  }
}

raw_response raw_connection::read_response(std::chrono::milliseconds deadline_after) {
  const auto deadline = steady_clock::now() + deadline_after;
  std::size_t head_end = pending_.find("\r\n\r\n");
  while (head_end == std::string::npos && receive_more(deadline)) head_end = pending_.find("\r\n\r\n");
  raw_response response;
  if (head_end == std::string::npos) {
    response.head = std::move(pending_);
    pending_.clear();
    response.status = status_of(response.head);
    return response;
  }
  response.head = pending_.substr(0, head_end);
  response.status = status_of(response.head);
  std::size_t length = 0;
  if (const auto declared = find_header(response.head, "Content-Length")) {
    std::from_chars(declared->data(), declared->data() + declared->size(), length);
  }
  const std::size_t body_start = head_end + 4;
  while (pending_.size() < body_start + length && receive_more(deadline)) {
  }
  response.complete = pending_.size() >= body_start + length;
  response.body = pending_.substr(body_start, length);
  pending_.erase(0, std::min(pending_.size(), body_start + length));
  return response;
}

raw_read raw_connection::read_until_close(std::chrono::milliseconds deadline_after) {
  const auto deadline = steady_clock::now() + deadline_after;
  while (receive_more(deadline)) {
  }
  raw_read result{std::move(pending_), closed_};
  pending_.clear();
  return result;
}

}  // namespace pricewatch::e2e
