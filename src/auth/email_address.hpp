// Email addresses as accounts: a practical subset of RFC 5321 that real mail servers deliver to,
// normalised by lower-casing the domain (the local part may be case-sensitive, so it is kept).
#pragma once

#include "core/failure.hpp"

#include <string>
#include <string_view>

namespace pricewatch {

// validation_failed with the reason when text is not an address we can mail.
result<std::string> normalise_email(std::string_view text);

// validation_failed unless the password has 8 to 256 characters (Unicode code points).
result<void> check_password_policy(std::string_view password);

}  // namespace pricewatch
