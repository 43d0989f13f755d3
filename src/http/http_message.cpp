#include "http/http_message.hpp"

namespace pricewatch::http {

std::string_view request::header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) {
      return value;
    }
  }
  return {};
}

}  // namespace pricewatch::http
