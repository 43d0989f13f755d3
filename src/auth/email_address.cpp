#include "auth/email_address.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <string_view>

namespace pricewatch {
namespace {

failure invalid_email() { return make_failure(errc::validation_failed, "Enter a valid email address."); }

bool is_alphanumeric(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool valid_local_part(std::string_view local) {
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return false;
  }
  // A string_view of the specials, not strchr: strchr finds the terminating NUL, and so let a NUL
  // through (and the address was cut at it on the wire).
  constexpr std::string_view specials = "!#$%&'*+/=?^_`{|}~.-";
  return std::all_of(local.begin(), local.end(),
                     [specials](char c) { return is_alphanumeric(c) || specials.find(c) != std::string_view::npos; });
}

bool valid_label(std::string_view label) {
  return !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
         std::all_of(label.begin(), label.end(), [](char c) { return is_alphanumeric(c) || c == '-'; });
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0;
  while (true) {
    const auto dot = domain.find('.');
    if (!valid_label(domain.substr(0, dot))) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  // A bare host name is only a mail domain for the local machine.
  return labels >= 2 || domain == "localhost";
}

}  // namespace

result<std::string> normalise_email(std::string_view text) {
  text = trim(text, " ");
  const auto at = text.rfind('@');
  if (text.size() > 254 || at == std::string_view::npos) {
    return invalid_email();
  }
  const auto local = text.substr(0, at);
  std::string domain(text.substr(at + 1));
  std::transform(domain.begin(), domain.end(), domain.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  if (!valid_local_part(local) || !valid_domain(domain)) {
    return invalid_email();
  }
  return std::string(local) + "@" + domain;
}

result<void> check_password_policy(std::string_view password) {
  // Count code points, not bytes: every byte that does not continue a UTF-8 sequence starts one.
  const auto characters = std::count_if(password.begin(), password.end(),
                                        [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  if (characters < 8 || characters > 256) {
    return make_failure(errc::validation_failed, "Password must have 8 to 256 characters.");
  }
  return {};
}

}  // namespace pricewatch
