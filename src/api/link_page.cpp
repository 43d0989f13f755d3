#include "api/link_page.hpp"

namespace pricewatch::api {

http::response link_page(unsigned status, const std::string& body) {
  http::response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>pricewatch</title></head><body>" + body +
                  "</body></html>\n";
  return response;
}

http::response link_form(std::string_view question, std::string_view button, std::string_view field_name,
                         std::string_view field_value) {
  // No action: the form POSTs to the URL the page was fetched from, token included.
  return link_page(200, "<form method=\"post\"><p>" + std::string(question) + "</p><button type=\"submit\" name=\"" +
                            std::string(field_name) + "\" value=\"" + std::string(field_value) + "\">" +
                            std::string(button) + "</button></form>");
}

void add_link_routes(http::router& router, const std::string& path, std::function<http::response(http::request&)> show,
                     std::function<http::response(http::request&)> act) {
  router.add("GET", path, std::move(show));
  router.add("POST", path, std::move(act));
}

}  // namespace pricewatch::api
