// session_store on SOCI: the refresh_tokens and password_resets tables (migrations 0012/0010).
#pragma once

#include "storage/session_store.hpp"
#include "storage/soci/connection_lease.hpp"

namespace pricewatch::storage {

class soci_session_store final : public session_store {
 public:
  explicit soci_session_store(connections& db) : db_(db) {}

  void add_refresh_token(const refresh_token_record& token) override;
  std::optional<refresh_token_record> find_refresh_token(const std::string& token_hash) override;
  bool rotate_refresh_token(const std::string& token_hash, time_point now,
                            const refresh_token_record& successor) override;
  void revoke_family(const std::string& family, time_point now) override;
  void revoke_user_sessions(std::int64_t user_id, const std::string& keep_family, time_point now) override;
  void remove_expired(std::int64_t user_id, time_point now) override;
  void add_password_reset(std::int64_t user_id, const std::string& token_hash, time_point now,
                          time_point expires_at) override;
  std::optional<std::int64_t> use_password_reset(const std::string& token_hash, time_point now) override;

 private:
  connections& db_;
};

}  // namespace pricewatch::storage
