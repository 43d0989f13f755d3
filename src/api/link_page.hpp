// The links in emails that change something (an alert's pause link, an address's confirmation
// link): GET, which a person's click and a mail scanner's prefetch both send, only shows a small
// page with a button; the button POSTs to the same URL, and only the POST acts. So fetching a
// link changes nothing.
#pragma once

#include "http/router.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace pricewatch::api {

// A small HTML page around body (HTML).
http::response link_page(unsigned status, const std::string& body);

// The page GET shows: the question and a button that POSTs to the page's own URL, with the
// button's name and value as its one form field (RFC 8058's List-Unsubscribe=One-Click for the
// pause link). Every argument is HTML the caller wrote, not a request's text.
http::response link_form(std::string_view question, std::string_view button, std::string_view field_name,
                         std::string_view field_value);

// GET path: show(request); POST path: act(request).
void add_link_routes(http::router& router, const std::string& path, std::function<http::response(http::request&)> show,
                     std::function<http::response(http::request&)> act);

}  // namespace pricewatch::api
