#include "core/failure.hpp"

#include <stdexcept>

namespace pricewatch {

void throw_exception_from_error(const failure& error, const boost::source_location& location) {
  throw std::logic_error("unchecked failure at " + std::string(location.file_name()) + ":" +
                         std::to_string(location.line()) + ": " + error.message);
}

}  // namespace pricewatch
