// Hand-built JSON Web Tokens, so the tests can present the tokens a server must refuse: alg
// none, other secrets and algorithms, expired, tampered or wrongly addressed ones.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace pricewatch::e2e {

std::string base64url_encode(std::string_view bytes);
// Records a test failure and returns "" when the text is not unpadded base64url.
std::string base64url_decode(std::string_view text);

struct decoded_token {
  boost::json::object header;
  boost::json::object payload;
  std::string signature;  // still base64url-encoded
};

// Splits and decodes a compact JWS without checking it; records a test failure when malformed.
decoded_token decode_token(std::string_view token);

enum class signing_algorithm { hs256, hs512, none };

// header.payload.signature with the given header as is (so its "alg" may lie), signed with the
// secret by the algorithm; `none` leaves the signature empty.
std::string forge_token(const boost::json::object& header, const boost::json::object& payload,
                        signing_algorithm algorithm, std::string_view secret);

// The token with its payload replaced and its original signature kept.
std::string replace_payload(std::string_view token, const boost::json::object& payload);

}  // namespace pricewatch::e2e
