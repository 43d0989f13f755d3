// Forges JWTs for token_service_test with libjwt and libsodium's base64url.
#include "auth/token_forge.hpp"

#include <jwt.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <vector>

namespace pricewatch::test_support {
namespace {

struct jwt_deleter {
  void operator()(jwt_t* token) const { jwt_free(token); }
};

std::string claims_json(const forged_claims& claims) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  const std::unique_ptr<jwt_t, jwt_deleter> token(raw);
  jwt_add_grant(raw, "token_type", claims.token_type.c_str());
  jwt_add_grant(raw, "sub", claims.subject.c_str());
  jwt_add_grant_int(raw, "user_id", claims.user_id);
  jwt_add_grant(raw, "email", claims.email.c_str());
  jwt_add_grant(raw, "jti", claims.id.c_str());
  jwt_add_grant_int(raw, "iat", claims.issued_at);
  jwt_add_grant_int(raw, "exp", claims.expires_at);
  jwt_add_grant(raw, "iss", claims.issuer.c_str());
  jwt_add_grant(raw, "aud", claims.audience.c_str());
  if (claims.not_before) jwt_add_grant_int(raw, "nbf", *claims.not_before);
  char* text = jwt_get_grants_json(raw, nullptr);
  if (text == nullptr) throw std::runtime_error("jwt_get_grants_json failed");
  std::string json(text);
  std::free(text);
  return json;
}

}  // namespace

std::string sign_token(const forged_claims& claims, const std::string& secret, const std::string& algorithm) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  const std::unique_ptr<jwt_t, jwt_deleter> token(raw);
  if (jwt_add_grants_json(raw, claims_json(claims).c_str()) != 0 ||
      jwt_set_alg(raw, jwt_str_alg(algorithm.c_str()), reinterpret_cast<const unsigned char*>(secret.data()),
                  static_cast<int>(secret.size())) != 0) {
    throw std::runtime_error("libjwt refused the forged token");
  }
  if (!claims.critical.empty() && jwt_add_headers_json(raw, ("{\"crit\":" + claims.critical + "}").c_str()) != 0) {
    throw std::runtime_error("libjwt refused the crit header");
  }
  char* text = jwt_encode_str(raw);
  if (text == nullptr) throw std::runtime_error("jwt_encode_str failed");
  std::string encoded(text);
  std::free(text);
  return encoded;
}

std::string unsigned_token(const forged_claims& claims) {
  return base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + base64url_encode(claims_json(claims)) + ".";
}

std::string base64url_encode(const std::string& bytes) {
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::vector<char> text(sodium_base64_ENCODED_LEN(bytes.size(), variant));
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    variant);
  return text.data();
}

std::string base64url_decode(const std::string& text) {
  std::vector<unsigned char> bytes(text.size() + 1);
  std::size_t length = 0;
  if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return "";
  }
  return std::string(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
}

}  // namespace pricewatch::test_support
