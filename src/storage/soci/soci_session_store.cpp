#include "storage/soci/soci_session_store.hpp"

#include "core/time_format.hpp"

#include <soci/soci.h>

namespace pricewatch::storage {
namespace {

void insert_refresh_token(soci::session& sql, const refresh_token_record& token) {
  long long user_id = token.user_id;
  long long created_at = to_unix_millis(token.created_at);
  long long expires_at = to_unix_millis(token.expires_at);
  sql << "INSERT INTO refresh_tokens (user_id, family, token_hash, created_at, expires_at) "
         "VALUES (:user_id, :family, :token_hash, :created_at, :expires_at)",
      soci::use(user_id), soci::use(token.family), soci::use(token.token_hash), soci::use(created_at),
      soci::use(expires_at);
}

}  // namespace

void soci_session_store::add_refresh_token(const refresh_token_record& token) {
  db_.write([&](soci::session& sql) { insert_refresh_token(sql, token); });
}

std::optional<refresh_token_record> soci_session_store::find_refresh_token(const std::string& token_hash) {
  return db_.read([&](soci::session& sql) -> std::optional<refresh_token_record> {
    long long user_id = 0, created_at = 0, expires_at = 0, used_at = 0, revoked_at = 0;
    soci::indicator used = soci::i_null, revoked = soci::i_null;
    refresh_token_record found;
    sql << "SELECT user_id, family, created_at, expires_at, used_at, revoked_at FROM refresh_tokens "
           "WHERE token_hash = :token_hash",
        soci::use(token_hash), soci::into(user_id), soci::into(found.family), soci::into(created_at),
        soci::into(expires_at), soci::into(used_at, used), soci::into(revoked_at, revoked);
    if (!sql.got_data()) return std::nullopt;
    found.user_id = user_id;
    found.token_hash = token_hash;
    found.created_at = from_unix_millis(created_at);
    found.expires_at = from_unix_millis(expires_at);
    if (used == soci::i_ok) found.used_at = from_unix_millis(used_at);
    if (revoked == soci::i_ok) found.revoked_at = from_unix_millis(revoked_at);
    return found;
  });
}

bool soci_session_store::rotate_refresh_token(const std::string& token_hash, time_point now,
                                              const refresh_token_record& successor) {
  return db_.transaction([&](soci::session& sql) {
    long long used_at = to_unix_millis(now);
    // The condition makes the first of two concurrent refreshes the only one that counts.
    soci::statement mark = (sql.prepare << "UPDATE refresh_tokens SET used_at = :used_at "
                                           "WHERE token_hash = :token_hash AND used_at IS NULL AND revoked_at IS NULL",
                            soci::use(used_at), soci::use(token_hash));
    mark.execute(true);
    if (mark.get_affected_rows() != 1) return false;
    insert_refresh_token(sql, successor);
    return true;
  });
}

void soci_session_store::revoke_family(const std::string& family, time_point now) {
  db_.write([&](soci::session& sql) {
    long long revoked_at = to_unix_millis(now);
    sql << "UPDATE refresh_tokens SET revoked_at = :revoked_at WHERE family = :family AND revoked_at IS NULL",
        soci::use(revoked_at), soci::use(family);
  });
}

void soci_session_store::revoke_user_sessions(std::int64_t user_id, const std::string& keep_family, time_point now) {
  db_.write([&](soci::session& sql) {
    long long id = user_id;
    long long revoked_at = to_unix_millis(now);
    sql << "UPDATE refresh_tokens SET revoked_at = :revoked_at "
           "WHERE user_id = :user_id AND family <> :keep_family AND revoked_at IS NULL",
        soci::use(revoked_at), soci::use(id), soci::use(keep_family);
  });
}

void soci_session_store::remove_expired(std::int64_t user_id, time_point now) {
  db_.transaction([&](soci::session& sql) {
    long long id = user_id;
    long long at = to_unix_millis(now);
    sql << "DELETE FROM refresh_tokens WHERE user_id = :user_id AND expires_at < :now", soci::use(id), soci::use(at);
    sql << "DELETE FROM password_resets WHERE user_id = :user_id AND expires_at < :now", soci::use(id), soci::use(at);
  });
}

void soci_session_store::add_password_reset(std::int64_t user_id, const std::string& token_hash, time_point now,
                                            time_point expires_at) {
  db_.write([&](soci::session& sql) {
    long long id = user_id;
    long long created = to_unix_millis(now);
    long long expires = to_unix_millis(expires_at);
    sql << "INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) "
           "VALUES (:user_id, :token_hash, :created_at, :expires_at)",
        soci::use(id), soci::use(token_hash), soci::use(created), soci::use(expires);
  });
}

std::optional<std::int64_t> soci_session_store::use_password_reset(const std::string& token_hash, time_point now) {
  return db_.transaction([&](soci::session& sql) -> std::optional<std::int64_t> {
    long long at = to_unix_millis(now);
    long long user_id = 0;
    sql << "SELECT user_id FROM password_resets WHERE token_hash = :token_hash AND used_at IS NULL "
           "AND expires_at > :now",
        soci::use(token_hash), soci::use(at), soci::into(user_id);
    if (!sql.got_data()) return std::nullopt;
    // Conditional again: of two concurrent uses of one link, only one marks it.
    soci::statement mark = (sql.prepare << "UPDATE password_resets SET used_at = :used_at "
                                           "WHERE token_hash = :token_hash AND used_at IS NULL",
                            soci::use(at), soci::use(token_hash));
    mark.execute(true);
    if (mark.get_affected_rows() != 1) return std::nullopt;
    return static_cast<std::int64_t>(user_id);
  });
}

}  // namespace pricewatch::storage
