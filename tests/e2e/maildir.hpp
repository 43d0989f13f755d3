// Reads what the SMTP sink (tests/fixtures/smtp_sink.py) stored: the envelope, the headers and
// the decoded text and HTML parts of each message; also switches its refusing on and off.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch::e2e {

// Quoted-printable (RFC 2045): "=\r\n" soft line breaks go, "=XX" becomes that byte.
std::string decode_quoted_printable(std::string_view encoded);

struct received_mail {
  std::string file;  // "000001.eml"
  std::string envelope_from;
  std::vector<std::string> envelope_recipients;
  std::map<std::string, std::string> headers;  // the top-level ones; names in lower case
  std::string text;                            // the text/plain part, decoded
  std::string html;                            // the text/html part, decoded
  bool alternative = false;  // some multipart/alternative holds both the text and the HTML part

  // A top-level header's value, or "" when absent (name in any case).
  std::string header(std::string_view name) const;
};

class maildir {
 public:
  explicit maildir(std::filesystem::path directory) : directory_(std::move(directory)) {}
  const std::filesystem::path& path() const { return directory_; }

  std::size_t count() const;                  // stored messages (*.eml)
  std::vector<received_mail> read_all() const;  // in the order stored
  // Polls until at least count messages are stored; false at the deadline.
  bool wait_for_count(std::size_t count, std::chrono::milliseconds deadline = std::chrono::seconds(10)) const;

  // While refusing, the sink answers DATA with 451 and counts the refusals.
  void refuse(bool refusing) const;
  // The sink's next count connections are accepted and never answered (a tarpit).
  void tarpit(int count) const;
  std::int64_t refusals() const;

 private:
  std::filesystem::path directory_;
};

}  // namespace pricewatch::e2e
