// The fields of an HTML form body: application/x-www-form-urlencoded (what `curl -d`, jQuery and
// a plain <form> send) and multipart/form-data (RFC 7578: Postman's form-data tab,
// `requests.post(files=...)`), as Django REST Framework read them for the original service.
#pragma once

#include "core/failure.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pricewatch::http {

// Name and value, in the order sent; a name may repeat.
using form_fields = std::vector<std::pair<std::string, std::string>>;

// A "+" is a space and %XX a byte, as in HTML forms. validation_failed when the body is not a form.
result<form_fields> read_urlencoded_form(std::string_view body);

// content_type is the request's whole Content-Type, whose boundary parameter separates the parts.
// A part's value is its content as sent, a file's too (DRF merged files into the data it read).
// validation_failed, with the reason, when the boundary is missing or the body is not well formed.
result<form_fields> read_multipart_form(std::string_view content_type, std::string_view body);

// The value of a parameter of a header such as Content-Type or Content-Disposition
// ("multipart/form-data; boundary=x"), unquoted; empty when absent. The name ignores case.
std::string header_parameter(std::string_view header_value, std::string_view name);

}  // namespace pricewatch::http
