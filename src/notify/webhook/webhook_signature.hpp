// Standard Webhooks v1 signing (https://www.standardwebhooks.com, DESIGN.md section 10): the
// signature of `{id}.{timestamp}.{body}` is "v1," + base64 of its HMAC-SHA256 under the secret's
// decoded bytes; the secret is "whsec_" + base64 of 32 random bytes. HMAC, base64 and the random
// bytes are OpenSSL's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch {

// "v1,<base64>"; nullopt when the secret's base64 (after an optional "whsec_") does not decode.
std::optional<std::string> sign_webhook(std::string_view secret, std::string_view id, std::int64_t timestamp,
                                        std::string_view body);

// A new secret from the operating system's random source (OpenSSL RAND_bytes): "whsec_" + base64
// of 32 bytes. Throws std::runtime_error when no random bytes can be had.
std::string make_webhook_secret();

}  // namespace pricewatch
