// Email addresses as accounts: a practical subset of RFC 5321 that real mail servers deliver to,
// normalised by lower-casing the domain (the local part may be case-sensitive, so it is kept).
#pragma once

#include "core/failure.hpp"

#include <string>
#include <string_view>

namespace pricewatch {

// The address trimmed of the spaces around it (as the original trimmed what clients typed) with
// its domain lower-cased; validation_failed with the reason when it is not an address we can
// mail. Control characters are refused anywhere, around it too: a line break is never trimmed
// into an address.
result<std::string> normalise_email(std::string_view text);

// validation_failed unless the password has 8 to 256 characters (Unicode code points).
result<void> check_password_policy(std::string_view password);

}  // namespace pricewatch
