#include "jwt_forge.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace pricewatch::test_support {
namespace {

const unsigned char* bytes_of(std::string_view text) {
  // The libraries take unsigned bytes; an empty view may have no data at all, and they may read
  // the pointer even for zero bytes.
  static constexpr unsigned char nothing[1] = {0};
  return text.empty() ? nothing : reinterpret_cast<const unsigned char*>(text.data());
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

const EVP_MD* digest_of(signing_algorithm algorithm) {
  switch (algorithm) {
    case signing_algorithm::hs256:
      return EVP_sha256();
    case signing_algorithm::hs384:
      return EVP_sha384();
    case signing_algorithm::hs512:
      return EVP_sha512();
    case signing_algorithm::none:
      break;
  }
  throw std::invalid_argument("no digest for alg none");
}

std::string hmac(signing_algorithm algorithm, std::string_view secret, std::string_view input) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(digest_of(algorithm), bytes_of(secret), static_cast<int>(secret.size()), bytes_of(input), input.size(), mac,
           &size) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(mac), size);
}

signing_algorithm algorithm_named(std::string_view name) {
  if (name == "HS256") return signing_algorithm::hs256;
  if (name == "HS384") return signing_algorithm::hs384;
  if (name == "HS512") return signing_algorithm::hs512;
  throw std::invalid_argument("unknown algorithm " + std::string(name));
}

boost::json::object header_of(std::string_view algorithm, const forged_claims& claims) {
  boost::json::object header{{"alg", algorithm}, {"typ", "JWT"}};
  if (!claims.critical.empty()) header["crit"] = boost::json::parse(claims.critical);
  return header;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes_of(bytes), bytes.size(), variant);
  text.resize(text.find('\0'));
  return text;
}

std::string base64url_decode(std::string_view text) {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
  std::vector<unsigned char> bytes(text.size() + 3);
  std::size_t size = 0;
  if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &size, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    ADD_FAILURE() << "not base64url: " << text;
    return {};
  }
  return std::string(reinterpret_cast<const char*>(bytes.data()), size);
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

boost::json::object payload_of(const forged_claims& claims) {
  boost::json::object payload{{"token_type", claims.token_type}, {"sub", claims.subject},
                              {"user_id", claims.user_id},       {"email", claims.email},
                              {"jti", claims.id},                {"iat", claims.issued_at},
                              {"exp", claims.expires_at},        {"iss", claims.issuer},
                              {"aud", claims.audience}};
  if (claims.not_before) payload["nbf"] = *claims.not_before;
  return payload;
}

std::string sign_token(const forged_claims& claims, std::string_view secret, std::string_view algorithm) {
  return forge_token(header_of(algorithm, claims), payload_of(claims), algorithm_named(algorithm), secret);
}

std::string unsigned_token(const forged_claims& claims) {
  return forge_token(header_of("none", claims), payload_of(claims), signing_algorithm::none, "");
}

}  // namespace pricewatch::test_support
