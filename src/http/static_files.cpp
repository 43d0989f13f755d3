#include "http/static_files.hpp"

#include "http/embedded_files.hpp"

#include <fmt/format.h>

#include <functional>

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

}  // namespace

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
    const auto etag = fmt::format("\"{:016x}\"", std::hash<std::string>{}(content));
    files_.emplace(embedded.path, file{std::move(content), content_type_of(embedded.path), etag});
  }
}

std::optional<response> static_files::serve(const request& request) const {
  const std::string_view path = request.path == "/" ? std::string_view("/index.html") : std::string_view(request.path);
  const auto found = files_.find(path);
  if (found == files_.end()) {
    return std::nullopt;
  }
  response answer;
  answer.content_type = found->second.content_type;
  // Revalidate every time: a new binary serves new files at once, and 304s keep it cheap.
  answer.with_header("Cache-Control", "no-cache");
  answer.with_header("ETag", found->second.etag);
  add_page_security_headers(answer);
  if (request.header("if-none-match") == found->second.etag) {
    answer.status = 304;
    answer.content_type.clear();
    return answer;
  }
  answer.body = found->second.content;
  return answer;
}

}  // namespace pricewatch::http
