// Serves the embedded browser app: content types, ETag revalidation, gzip for clients that accept
// it (compressed once at startup with zlib), and the security headers a page needs (a strict
// Content-Security-Policy: only this origin's scripts, styles and API). Built once at startup;
// read-only and shared afterwards.
#pragma once

#include "http/http_message.hpp"

#include <map>
#include <optional>
#include <string>

namespace pricewatch::http {

class static_files {
 public:
  static_files();

  // The file at the request's path ("/" is /index.html), or nullopt when there is none.
  std::optional<response> serve(const request& request) const;
  std::size_t size() const { return files_.size(); }

 private:
  struct file {
    std::string content;
    std::string content_type;
    std::string etag;
    std::string gzipped;  // empty when gzip would not make it smaller
    std::string gzipped_etag;
  };
  std::map<std::string, file, std::less<>> files_;
};

// Whether an Accept-Encoding header value accepts gzip (RFC 9110 12.5.3): "gzip" or "*" listed
// without q=0 ("x-gzip" too, its alias).
bool accepts_gzip(std::string_view accept_encoding);

// RFC 1952 gzip of the bytes, at the best compression. Throws std::runtime_error if zlib fails.
std::string gzip(std::string_view bytes);

// The headers every page of the app carries beyond those of every answer (add_security_headers in
// request_conversion.hpp): its content policy and a stricter Referrer-Policy.
void add_page_security_headers(response& answer);

}  // namespace pricewatch::http
