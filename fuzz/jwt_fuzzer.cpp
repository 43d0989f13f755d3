// Access tokens (src/auth/token_service.hpp). Choice 0: the input is the token as a client sends
// it. Choice 1: the input is a header and a payload, one line each, which are signed with the
// service's own secret, so that the checks after the signature (algorithm, claims, times, types)
// are reached with any JSON in them. A token it accepts must carry a user id and an expiry to come.
#include "auth/token_service.hpp"
#include "core/clock.hpp"
#include "fuzz_input.hpp"
#include "jwt_forge.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdlib>
#include <string>

namespace {

constexpr std::string_view secret = "fuzz-secret-0123456789abcdefghijklmnop";
constexpr auto now = std::chrono::seconds(1'790'000'000);

std::string signed_with_secret(std::string_view header, std::string_view payload) {
  using pricewatch::test_support::base64url_encode;
  const auto signing_input = base64url_encode(header) + "." + base64url_encode(payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac, &length);
  return signing_input + "." + base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), length));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pricewatch::manual_clock clock{pricewatch::time_point(now)};
  static const pricewatch::token_service tokens{pricewatch::token_config{std::string(secret)}, clock};
  const auto input = pricewatch::fuzz::choose(data, size, 2);
  std::string token(input.text);
  if (input.choice == 1) {
    const auto newline = input.text.find('\n');
    if (newline == std::string_view::npos) return 0;
    token = signed_with_secret(input.text.substr(0, newline), input.text.substr(newline + 1));
  }
  const auto verified = tokens.verify(token);
  if (verified && (verified->user_id <= 0 || verified->expires_at <= now.count())) std::abort();
  return 0;
}
