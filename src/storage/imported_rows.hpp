// What `pricewatch import-original` hands the stores: accounts and alerts of the original service,
// already checked, and what became of each. The stores mark these rows as imported, so that a
// second run recognises them and a database holding anything else can be told apart.
#pragma once

#include "alerts/alert.hpp"
#include "core/clock.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace pricewatch {

struct imported_user {
  std::string email;          // normalised (auth/email_address.hpp)
  std::string password_hash;  // the original's pbkdf2_sha256 hash, or "!" when it has no usable one
  time_point created_at;      // when it joined the original
};

struct imported_alert {
  std::int64_t id = 0;  // the original's id, kept: clients hold it
  std::int64_t user_id = 0;
  alert_request request;  // symbol, condition and target, as an original route would store them
  alert_status status = alert_status::created;
  time_point created_at;
};

enum class import_outcome {
  stored,            // new here
  already_imported,  // stored by an earlier import (nothing changed)
  taken,             // the email or id belongs to a row made in pricewatch (nothing changed)
};

// A password hash that no password ever matches: an imported account that cannot log in.
inline constexpr std::string_view unusable_password_hash = "!";

}  // namespace pricewatch
