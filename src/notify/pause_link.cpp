#include "notify/pause_link.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <charconv>

namespace pricewatch {
namespace {

std::string mac_of(std::string_view key, std::int64_t user_id, std::int64_t alert_id) {
  const std::string content = "pause-alert:" + std::to_string(user_id) + "." + std::to_string(alert_id);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(content.data()),
       content.size(), digest.data(), &size);
  static constexpr char hex[] = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < 16 && i < size; ++i) {  // 128 bits are plenty for a link
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 0xf];
  }
  return text;
}

std::optional<std::int64_t> number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

}  // namespace

std::string alert_pause_token(std::string_view key, std::int64_t user_id, std::int64_t alert_id) {
  return std::to_string(user_id) + "." + std::to_string(alert_id) + "." + mac_of(key, user_id, alert_id);
}

std::optional<paused_alert_ref> read_alert_pause_token(std::string_view key, std::string_view token) {
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const auto user = number(token.substr(0, first));
  const auto alert = number(token.substr(first + 1, second - first - 1));
  if (!user || !alert) return std::nullopt;
  const auto expected = mac_of(key, *user, *alert);
  const auto given = token.substr(second + 1);
  if (given.size() != expected.size() || CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  return paused_alert_ref{*user, *alert};
}

std::string alert_pause_url(std::string_view public_url, std::string_view token) {
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/api/v1/alert-pauses/" + std::string(token);
}

}  // namespace pricewatch
