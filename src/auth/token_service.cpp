#include "auth/token_service.hpp"

#include "auth/random_hex.hpp"

#include <jwt.h>
#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <memory>
#include <stdexcept>

namespace pricewatch {
namespace {

struct jwt_deleter {
  void operator()(jwt_t* token) const { jwt_free(token); }
};
using jwt_pointer = std::unique_ptr<jwt_t, jwt_deleter>;

const unsigned char* key_bytes(const std::string& secret) { return reinterpret_cast<const unsigned char*>(secret.data()); }

// A missing or non-integer claim reads as nullopt.
std::optional<long> integer_claim(jwt_t* token, const char* name) {
  errno = 0;
  const long value = jwt_get_grant_int(token, name);
  if (errno != 0) return std::nullopt;
  return value;
}

// True when the token's payload (grants) or header has that member, whatever its type.
bool has_member(char* (*get_json)(jwt_t*, const char*), jwt_t* token, const char* name) {
  char* json = get_json(token, name);
  const bool present = json != nullptr;
  std::free(json);
  return present;
}

bool string_claim_equals(jwt_t* token, const char* name, const std::string& expected) {
  const char* value = jwt_get_grant(token, name);
  return value != nullptr && expected == value;
}

}  // namespace

failure invalid_token_failure() {
  return make_failure(errc::invalid_token, "Given token not valid for any token type");
}

token_service::token_service(token_config config, const wall_clock& clock) : config_(std::move(config)), clock_(clock) {
  if (config_.secret.size() < 32) {
    throw std::invalid_argument("auth.jwt_secret must be at least 32 bytes");
  }
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
}

issued_token token_service::issue(std::int64_t user_id, const std::string& email, const token_options& options) const {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) {
    throw std::bad_alloc();
  }
  jwt_pointer token(raw);
  const long now = static_cast<long>(std::chrono::system_clock::to_time_t(clock_.now()));
  // Within the accepted clock skew: verify() takes an "iat" up to a minute ahead.
  const long issued_at = std::max(now, static_cast<long>(std::min<std::int64_t>(options.issued_at_least, now + 30)));
  const std::string subject = std::to_string(user_id);
  const std::string id = random_hex(16);
  int error = 0;
  error |= jwt_add_grant(token.get(), "token_type", "access");
  error |= jwt_add_grant(token.get(), "sub", subject.c_str());
  error |= jwt_add_grant_int(token.get(), "user_id", static_cast<long>(user_id));
  error |= jwt_add_grant(token.get(), "email", email.c_str());
  error |= jwt_add_grant(token.get(), "jti", id.c_str());
  error |= jwt_add_grant_int(token.get(), "iat", issued_at);
  if (!options.session.empty()) error |= jwt_add_grant(token.get(), "sid", options.session.c_str());
  error |= jwt_add_grant_int(token.get(), "exp", now + static_cast<long>(config_.lifetime.count()));
  error |= jwt_add_grant(token.get(), "iss", config_.issuer.c_str());
  error |= jwt_add_grant(token.get(), "aud", config_.audience.c_str());
  error |= jwt_set_alg(token.get(), JWT_ALG_HS256, key_bytes(config_.secret), static_cast<int>(config_.secret.size()));
  char* encoded = error == 0 ? jwt_encode_str(token.get()) : nullptr;
  if (encoded == nullptr) {
    throw std::runtime_error("libjwt failed to encode a token");
  }
  std::string text(encoded);
  std::free(encoded);
  return issued_token{std::move(text), config_.lifetime};
}

result<token_claims> token_service::verify(const std::string& text) const {
  const auto now = static_cast<std::int64_t>(std::chrono::system_clock::to_time_t(clock_.now()));
  {
    std::lock_guard lock(mutex_);
    if (const auto found = remembered_.find(text); found != remembered_.end()) {
      if (now < found->second.expires_at) return found->second;
      remembered_.erase(found);
      return invalid_token_failure();
    }
  }
  auto checked = verify_uncached(text, now);
  if (!checked) return checked.error();
  std::lock_guard lock(mutex_);
  // Full: start over rather than track recency; a forgotten token just verifies again.
  if (remembered_.size() >= max_remembered) remembered_.clear();
  remembered_.emplace(text, *checked);
  return *checked;
}

result<token_claims> token_service::verify_uncached(const std::string& text,
                                                              std::int64_t now_seconds) const {
  // Tokens are a few hundred bytes; refusing huge ones keeps the JSON parser's work bounded.
  if (text.empty() || text.size() > 4096) {
    return invalid_token_failure();
  }
  jwt_t* raw = nullptr;
  // jwt_decode checks the signature with our key for HMAC tokens; the algorithm is checked below,
  // so that "none" or any other algorithm is refused whatever libjwt makes of it.
  if (jwt_decode(&raw, text.c_str(), key_bytes(config_.secret), static_cast<int>(config_.secret.size())) != 0) {
    jwt_free(raw);
    return invalid_token_failure();
  }
  jwt_pointer token(raw);
  const char* header_algorithm = jwt_get_header(token.get(), "alg");
  if (jwt_get_alg(token.get()) != JWT_ALG_HS256 || header_algorithm == nullptr ||
      std::string_view(header_algorithm) != "HS256") {
    return invalid_token_failure();
  }
  // Extensions that must be understood: we understand none, so any is refused.
  if (has_member(jwt_get_headers_json, token.get(), "crit")) {
    return invalid_token_failure();
  }
  const auto now = static_cast<long>(now_seconds);
  // "nbf" is optional (we never set it), but when present it must be a number already reached.
  if (has_member(jwt_get_grants_json, token.get(), "nbf")) {
    const auto not_before = integer_claim(token.get(), "nbf");
    if (!not_before || now < *not_before) return invalid_token_failure();
  }
  const auto expires = integer_claim(token.get(), "exp");
  const auto issued = integer_claim(token.get(), "iat");
  const auto user_id = integer_claim(token.get(), "user_id");
  const char* subject = jwt_get_grant(token.get(), "sub");
  const char* email = jwt_get_grant(token.get(), "email");
  const char* id = jwt_get_grant(token.get(), "jti");
  constexpr long clock_skew_seconds = 60;
  const bool valid = expires && issued && user_id && *user_id > 0 && now < *expires &&
                     *issued <= now + clock_skew_seconds && subject != nullptr &&
                     std::to_string(*user_id) == subject && email != nullptr && id != nullptr &&
                     string_claim_equals(token.get(), "token_type", "access") &&
                     string_claim_equals(token.get(), "iss", config_.issuer) &&
                     string_claim_equals(token.get(), "aud", config_.audience);
  if (!valid) {
    return invalid_token_failure();
  }
  const char* session = jwt_get_grant(token.get(), "sid");
  return token_claims{*user_id, email, static_cast<std::int64_t>(*expires), static_cast<std::int64_t>(*issued),
                      session != nullptr ? std::string(session) : std::string()};
}

}  // namespace pricewatch
