// Base64url and HMAC through libsodium for jwt_forge.hpp.
#include "jwt_forge.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <sodium.h>

#include <vector>

namespace pricewatch::e2e {
namespace {

const unsigned char* bytes_of(std::string_view text) {
  // libsodium takes unsigned bytes; the cast is the usual char <-> unsigned char view. An empty
  // view may have no data at all, and libsodium copies from the pointer even for zero bytes.
  static constexpr unsigned char nothing[1] = {0};
  return text.empty() ? nothing : reinterpret_cast<const unsigned char*>(text.data());
}

std::string as_string(const unsigned char* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

boost::json::object decode_object(std::string_view part) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(base64url_decode(part), error);
  if (error || !value.is_object()) {
    ADD_FAILURE() << "token part is not a JSON object: " << part;
    return {};
  }
  return value.as_object();
}

std::string hmac(signing_algorithm algorithm, std::string_view secret, std::string_view input) {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
  if (algorithm == signing_algorithm::hs256) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, bytes_of(secret), secret.size());
    crypto_auth_hmacsha256_update(&state, bytes_of(input), input.size());
    crypto_auth_hmacsha256_final(&state, mac);
    return as_string(mac, sizeof mac);
  }
  unsigned char mac[crypto_auth_hmacsha512_BYTES];
  crypto_auth_hmacsha512_state state;
  crypto_auth_hmacsha512_init(&state, bytes_of(secret), secret.size());
  crypto_auth_hmacsha512_update(&state, bytes_of(input), input.size());
  crypto_auth_hmacsha512_final(&state, mac);
  return as_string(mac, sizeof mac);
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes_of(bytes), bytes.size(), variant);
  text.resize(text.find('\0'));
  return text;
}

std::string base64url_decode(std::string_view text) {
  std::vector<unsigned char> bytes(text.size() + 3);
  std::size_t size = 0;
  if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &size, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    ADD_FAILURE() << "not base64url: " << text;
    return {};
  }
  return as_string(bytes.data(), size);
}

decoded_token decode_token(std::string_view token) {
  const std::size_t first = token.find('.');
  const std::size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) {
    ADD_FAILURE() << "not a compact JWS: " << token;
    return {};
  }
  return decoded_token{decode_object(token.substr(0, first)), decode_object(token.substr(first + 1, second - first - 1)),
                       std::string(token.substr(second + 1))};
}

std::string forge_token(const boost::json::object& header, const boost::json::object& payload,
                        signing_algorithm algorithm, std::string_view secret) {
  const std::string input =
      base64url_encode(boost::json::serialize(header)) + "." + base64url_encode(boost::json::serialize(payload));
  if (algorithm == signing_algorithm::none) return input + ".";
  return input + "." + base64url_encode(hmac(algorithm, secret, input));
}

std::string replace_payload(std::string_view token, const boost::json::object& payload) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  return std::string(token.substr(0, first)) + "." + base64url_encode(boost::json::serialize(payload)) +
         std::string(token.substr(second));
}

}  // namespace pricewatch::e2e
