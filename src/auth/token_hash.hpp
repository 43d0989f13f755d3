// The form in which opaque tokens (refresh tokens, password reset links) are stored: the hex
// SHA-256 of their text, so that a copy of the database holds nothing a client could present.
// A plain hash is enough: the tokens are 256 random bits, beyond guessing, unlike passwords.
#pragma once

#include <string>
#include <string_view>

namespace pricewatch {

// 64 lower-case hex characters. Throws std::runtime_error if OpenSSL fails (out of memory).
std::string token_hash(std::string_view token);

}  // namespace pricewatch
