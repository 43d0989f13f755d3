// Parsing the stored messages: headers, nested multiparts and quoted-printable; see maildir.hpp.
#include "maildir.hpp"

#include "e2e_fixture.hpp"
#include "eventually.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace pricewatch::e2e {
namespace {

std::string lower(std::string_view text) {
  std::string result;
  for (const char c : text) result += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream input(file, std::ios::binary);
  std::ostringstream content;
  content << input.rdbuf();
  return content.str();
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Splits at CRLF (a bare LF is accepted too), without the line ends.
std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.emplace_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

struct entity {
  std::map<std::string, std::string> headers;
  std::string body;
};

// Headers up to the first empty line (folded lines unfolded), then the body.
entity parse_entity(std::string_view text) {
  entity parsed;
  const std::vector<std::string> lines = lines_of(text);
  std::size_t index = 0;
  std::string last;
  for (; index < lines.size() && !lines[index].empty(); ++index) {
    const std::string& line = lines[index];
    if ((line.front() == ' ' || line.front() == '\t') && !last.empty()) {
      const std::size_t start = line.find_first_not_of(" \t");
      if (start != std::string::npos) parsed.headers[last] += " " + line.substr(start);
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    last = lower(line.substr(0, colon));
    const std::size_t value = line.find_first_not_of(' ', colon + 1);
    parsed.headers[last] = value == std::string::npos ? "" : line.substr(value);
  }
  for (++index; index < lines.size(); ++index) {
    parsed.body += lines[index];
    if (index + 1 < lines.size()) parsed.body += "\r\n";
  }
  return parsed;
}

std::string boundary_of(const std::string& content_type) {
  const std::string lowered = lower(content_type);
  const std::size_t at = lowered.find("boundary=");
  if (at == std::string::npos) return {};
  std::string value = content_type.substr(at + 9);
  value = value.substr(0, value.find(';'));
  if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.find('"', 1) - 1);
  return value;
}

// The parts of a multipart body, between "--boundary" lines, up to "--boundary--". The CRLF
// before a boundary line belongs to the boundary, so a part is its lines joined by CRLF.
std::vector<std::string> split_parts(const std::string& body, const std::string& boundary) {
  std::vector<std::vector<std::string>> parts;
  for (const std::string& line : lines_of(body)) {
    if (line == "--" + boundary + "--") break;
    if (line == "--" + boundary) {
      parts.emplace_back();
    } else if (!parts.empty()) {  // else the preamble
      parts.back().push_back(line);
    }
  }
  std::vector<std::string> joined;
  for (const auto& lines : parts) {
    std::string& text = joined.emplace_back();
    for (std::size_t i = 0; i < lines.size(); ++i) text += (i == 0 ? "" : "\r\n") + lines[i];
  }
  return joined;
}

// Visits the entity tree, filling the decoded leaves and the alternative flag of the mail.
void collect(const entity& node, received_mail& mail) {
  const auto declared = node.headers.find("content-type");
  const std::string type = declared == node.headers.end() ? "text/plain" : lower(declared->second);
  if (type.starts_with("multipart/")) {
    bool has_text = false;
    bool has_html = false;
    for (const std::string& part_text : split_parts(node.body, boundary_of(declared->second))) {
      const entity part = parse_entity(part_text);
      const std::string part_type = part.headers.contains("content-type") ? lower(part.headers.at("content-type")) : "";
      has_text = has_text || part_type.starts_with("text/plain");
      has_html = has_html || part_type.starts_with("text/html");
      collect(part, mail);
    }
    if (type.starts_with("multipart/alternative") && has_text && has_html) mail.alternative = true;
    return;
  }
  const auto encoding = node.headers.find("content-transfer-encoding");
  const bool quoted = encoding != node.headers.end() && lower(encoding->second) == "quoted-printable";
  const std::string decoded = quoted ? decode_quoted_printable(node.body) : node.body;
  if (type.starts_with("text/plain")) mail.text += decoded;
  if (type.starts_with("text/html")) mail.html += decoded;
}

}  // namespace

std::string decode_quoted_printable(std::string_view encoded) {
  std::string decoded;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '=') {
      decoded += encoded[i];
    } else if (encoded.substr(i + 1).starts_with("\r\n")) {
      i += 2;
    } else if (encoded.substr(i + 1).starts_with("\n")) {
      i += 1;
    } else if (i + 2 < encoded.size() && hex_digit(encoded[i + 1]) >= 0 && hex_digit(encoded[i + 2]) >= 0) {
      decoded += static_cast<char>(hex_digit(encoded[i + 1]) * 16 + hex_digit(encoded[i + 2]));
      i += 2;
    } else {
      decoded += '=';  // not an escape: kept, as RFC 2045 suggests for robustness
    }
  }
  return decoded;
}

std::string received_mail::header(std::string_view name) const {
  const auto found = headers.find(lower(name));
  return found == headers.end() ? std::string() : found->second;
}

std::size_t maildir::count() const {
  std::size_t messages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory_)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(".") && name.ends_with(".eml")) ++messages;
  }
  return messages;
}

std::vector<received_mail> maildir::read_all() const {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory_)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(".") && name.ends_with(".eml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<received_mail> mails;
  for (const auto& file : files) {
    received_mail mail;
    mail.file = file.filename().string();
    const boost::json::value envelope = parse_json(read_text(std::filesystem::path(file).replace_extension(".json")));
    mail.envelope_from = string_of(member(envelope, "mail_from"));
    const boost::json::value recipients = member(envelope, "rcpt_tos");
    if (recipients.is_array()) {
      for (const auto& recipient : recipients.as_array()) mail.envelope_recipients.push_back(string_of(recipient));
    }
    const entity message = parse_entity(read_text(file));
    mail.headers = message.headers;
    collect(message, mail);
    mails.push_back(std::move(mail));
  }
  return mails;
}

bool maildir::wait_for_count(std::size_t wanted, std::chrono::milliseconds deadline) const {
  return eventually([&] { return count() >= wanted; }, deadline);
}

void maildir::refuse(bool refusing) const {
  const std::filesystem::path flag = directory_ / "refuse";
  if (refusing) {
    std::ofstream(flag) << "refuse\n";
  } else {
    std::filesystem::remove(flag);
  }
}

void maildir::tarpit(int count) const {
  const std::filesystem::path counter = directory_ / "tarpit";
  const std::filesystem::path written = directory_ / ".tarpit.tmp";
  std::ofstream(written) << count << "\n";
  std::filesystem::rename(written, counter);
}

std::int64_t maildir::refusals() const {
  const std::filesystem::path counter = directory_ / "refusals";
  if (!std::filesystem::exists(counter)) return 0;
  try {
    return std::stoll(read_text(counter));
  } catch (const std::exception&) {
    return 0;  // being rewritten: the next poll reads it
  }
}

}  // namespace pricewatch::e2e
