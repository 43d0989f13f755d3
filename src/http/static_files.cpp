#include "http/static_files.hpp"

#include "http/embedded_files.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <cctype>
#include <functional>
#include <stdexcept>

namespace pricewatch::http {
namespace {

std::string content_type_of(std::string_view path) {
  if (path.ends_with(".html")) return "text/html; charset=utf-8";
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".json")) return "application/json";
  if (path.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool equals_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t index = 0; index < text.size(); ++index) {
    if (std::tolower(static_cast<unsigned char>(text[index])) != lower[index]) return false;
  }
  return true;
}

// "q=0", "q=0.0", "q=0.000" in any case: the coding is refused.
bool refuses(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto end = parameters.find(';');
    const auto parameter = trimmed(parameters.substr(0, end));
    parameters = end == std::string_view::npos ? std::string_view() : parameters.substr(end + 1);
    if (parameter.size() < 2 || std::tolower(static_cast<unsigned char>(parameter[0])) != 'q' || parameter[1] != '=') {
      continue;
    }
    const auto value = parameter.substr(2);
    return !value.empty() && value.front() == '0' && value.find_first_not_of("0.", 1) == std::string_view::npos;
  }
  return false;
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    const auto end = accept_encoding.find(',');
    const auto item = accept_encoding.substr(0, end);
    accept_encoding = end == std::string_view::npos ? std::string_view() : accept_encoding.substr(end + 1);
    const auto semicolon = item.find(';');
    const auto coding = trimmed(item.substr(0, semicolon));
    const auto parameters = semicolon == std::string_view::npos ? std::string_view() : item.substr(semicolon + 1);
    if ((equals_lower(coding, "gzip") || equals_lower(coding, "x-gzip") || coding == "*") && !refuses(parameters)) {
      return true;
    }
  }
  return false;
}

std::string gzip(std::string_view bytes) {
  z_stream stream{};
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib failed to start compressing");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  const auto written = stream.total_out;
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("zlib failed to compress");
  out.resize(written);
  return out;
}

void add_page_security_headers(response& answer) {
  answer.with_header("Content-Security-Policy",
                     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                     "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
                     "frame-ancestors 'none'");
  answer.with_header("Referrer-Policy", "no-referrer");
}

static_files::static_files() {
  for (const auto& embedded : embedded_web_files()) {
    std::string content(embedded.content);
    // The content is fixed for this binary: its hash is a strong validator.
    const auto hash = std::hash<std::string>{}(content);
    const auto etag = fmt::format("\"{:016x}\"", hash);
    auto compressed = gzip(content);
    if (compressed.size() >= content.size()) compressed.clear();
    // Each representation has its own strong validator (RFC 9110 8.8.3).
    const auto gzipped_etag = fmt::format("\"{:016x}-gzip\"", hash);
    files_.emplace(embedded.path, file{std::move(content), content_type_of(embedded.path), etag, std::move(compressed),
                                       gzipped_etag});
  }
}

std::optional<response> static_files::serve(const request& request) const {
  const std::string_view path = request.path == "/" ? std::string_view("/index.html") : std::string_view(request.path);
  const auto found = files_.find(path);
  if (found == files_.end()) {
    return std::nullopt;
  }
  const auto& served = found->second;
  const bool compressed = !served.gzipped.empty() && accepts_gzip(request.header("accept-encoding"));
  const auto& etag = compressed ? served.gzipped_etag : served.etag;
  response answer;
  answer.content_type = served.content_type;
  // Revalidate every time: a new binary serves new files at once, and 304s keep it cheap.
  answer.with_header("Cache-Control", "no-cache");
  answer.with_header("ETag", etag);
  // Caches keep the plain and the compressed answer apart.
  if (!served.gzipped.empty()) answer.with_header("Vary", "Accept-Encoding");
  add_page_security_headers(answer);
  if (request.header("if-none-match") == etag) {
    answer.status = 304;
    answer.content_type.clear();
    return answer;
  }
  if (compressed) answer.with_header("Content-Encoding", "gzip");
  answer.body = compressed ? served.gzipped : served.content;
  return answer;
}

}  // namespace pricewatch::http
