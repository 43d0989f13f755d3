#include "storage/soci/soci_user_store.hpp"

#include "core/ascii.hpp"
#include "core/time_format.hpp"
#include "core/backend_error.hpp"
#include "storage/soci/connection_lease.hpp"
#include "storage/soci/soci_channel_store.hpp"

#include <soci/soci.h>

#include <algorithm>

namespace pricewatch::storage {
namespace {

std::string email_key(const std::string& email) { return ascii_lower(email); }

}  // namespace

result<user> soci_user_store::create(const std::string& email, const std::string& password_hash, time_point now) {
  const std::string key = email_key(email);
  long long created_at = to_unix_millis(now);
  const auto taken = [&] {
    return db_.read([&](soci::session& sql) {
      int existing = 0;
      sql << "SELECT COUNT(*) FROM users WHERE email_key = :email_key", soci::use(key), soci::into(existing);
      return existing > 0;
    });
  };
  try {
    // The account and its own email channel, its default (DESIGN.md section 10), together.
    const auto id = db_.transaction([&](soci::session& sql) -> std::optional<long long> {
      int existing = 0;
      sql << "SELECT COUNT(*) FROM users WHERE email_key = :email_key", soci::use(key), soci::into(existing);
      if (existing > 0) return std::nullopt;
      long long stored_id = 0;
      sql << "INSERT INTO users (email, email_key, password_hash, created_at) "
             "VALUES (:email, :email_key, :password_hash, :created_at) RETURNING id",
          soci::use(email), soci::use(key), soci::use(password_hash), soci::use(created_at), soci::into(stored_id);
      insert_account_email_channel(sql, stored_id, email, created_at);
      return stored_id;
    });
    if (!id) return make_failure(errc::conflict, "Email already registered");
    return user{*id, email, password_hash, from_unix_millis(created_at)};
  } catch (const backend_error&) {
    // The unique key refused a concurrent registration of the same email; any other failure is
    // the database's, and the check finds no account and rethrows it.
    if (taken()) return make_failure(errc::conflict, "Email already registered");
    throw;
  }
}

std::optional<user> soci_user_store::find_by_email(const std::string& email) {
  return db_.read([&](soci::session& sql) -> std::optional<user> {
    const std::string key = email_key(email);
    long long id = 0;
    long long created_at = 0;
    user found;
    sql << "SELECT id, email, password_hash, created_at FROM users WHERE email_key = :email_key", soci::use(key),
        soci::into(id), soci::into(found.email), soci::into(found.password_hash), soci::into(created_at);
    if (!sql.got_data()) {
      return std::nullopt;
    }
    found.id = id;
    found.created_at = from_unix_millis(created_at);
    return found;
  });
}

std::optional<user> soci_user_store::find_by_id(std::int64_t user_id) {
  return db_.read([&](soci::session& sql) -> std::optional<user> {
    long long id = user_id;
    long long created_at = 0;
    user found;
    sql << "SELECT email, password_hash, created_at FROM users WHERE id = :id", soci::use(id),
        soci::into(found.email), soci::into(found.password_hash), soci::into(created_at);
    if (!sql.got_data()) return std::nullopt;
    found.id = user_id;
    found.created_at = from_unix_millis(created_at);
    return found;
  });
}

std::optional<time_point> soci_user_store::tokens_valid_from(std::int64_t user_id) {
  return db_.read([&](soci::session& sql) -> std::optional<time_point> {
    long long id = user_id;
    long long valid_from = 0;
    sql << "SELECT tokens_valid_from FROM users WHERE id = :id", soci::use(id), soci::into(valid_from);
    if (!sql.got_data()) return std::nullopt;
    return from_unix_millis(valid_from);
  });
}

bool soci_user_store::change_password(std::int64_t user_id, const std::string& password_hash,
                                      time_point tokens_valid_from) {
  return db_.write([&](soci::session& sql) {
    long long id = user_id;
    long long valid_from = to_unix_millis(tokens_valid_from);
    soci::statement update = (sql.prepare << "UPDATE users SET password_hash = :hash, tokens_valid_from = :valid_from "
                                             "WHERE id = :id",
                              soci::use(password_hash), soci::use(valid_from), soci::use(id));
    update.execute(true);
    return update.get_affected_rows() == 1;
  });
}

bool soci_user_store::remove(std::int64_t user_id) {
  return db_.transaction([&](soci::session& sql) {
    long long id = user_id;
    // Rows that refer to others first, so that every foreign key holds at each step. Rows of
    // another account that refer to this one's cannot exist (an alert names its owner's channels).
    sql << "DELETE FROM alert_channels WHERE alert_id IN (SELECT id FROM alerts WHERE user_id = :id)", soci::use(id);
    sql << "DELETE FROM alert_channels WHERE channel_id IN (SELECT id FROM channels WHERE user_id = :id)", soci::use(id);
    sql << "DELETE FROM notifications WHERE user_id = :id", soci::use(id);
    sql << "DELETE FROM firings WHERE user_id = :id", soci::use(id);
    sql << "DELETE FROM alerts WHERE user_id = :id", soci::use(id);
    sql << "DELETE FROM channels WHERE user_id = :id", soci::use(id);
    sql << "DELETE FROM refresh_tokens WHERE user_id = :id", soci::use(id);
    sql << "DELETE FROM password_resets WHERE user_id = :id", soci::use(id);
    soci::statement account = (sql.prepare << "DELETE FROM users WHERE id = :id", soci::use(id));
    account.execute(true);
    return account.get_affected_rows() == 1;
  });
}

bool soci_user_store::exists(std::int64_t user_id) {
  return db_.read([&](soci::session& sql) {
    long long id = user_id;
    int found = 0;
    sql << "SELECT COUNT(*) FROM users WHERE id = :id", soci::use(id), soci::into(found);
    return found > 0;
  });
}

std::int64_t soci_user_store::count() {
  return db_.read([&](soci::session& sql) -> std::int64_t {
    long long total = 0;
    sql << "SELECT COUNT(*) FROM users", soci::into(total);
    return total;
  });
}

bool soci_user_store::replace_password_hash(std::int64_t user_id, const std::string& expected,
                                            const std::string& replacement) {
  return db_.write([&](soci::session& sql) {
    long long id = user_id;
    soci::statement update = (sql.prepare << "UPDATE users SET password_hash = :replacement "
                                             "WHERE id = :id AND password_hash = :expected",
                              soci::use(replacement), soci::use(id), soci::use(expected));
    update.execute(true);
    return update.get_affected_rows() == 1;
  });
}

std::vector<imported_user_result> soci_user_store::import_users(std::span<const imported_user> batch) {
  if (batch.empty()) return {};
  return db_.transaction([&](soci::session& sql) {
    std::string email;
    std::string key;
    std::string password_hash;
    long long created_at = 0;
    long long id = 0;
    int imported = 0;
    // Prepared once; the loop changes the bound variables.
    soci::statement find = (sql.prepare << "SELECT id, imported FROM users WHERE email_key = :email_key",
                            soci::use(key), soci::into(id), soci::into(imported));
    soci::statement insert =
        (sql.prepare << "INSERT INTO users (email, email_key, password_hash, created_at, imported) "
                        "VALUES (:email, :email_key, :password_hash, :created_at, 1) RETURNING id",
         soci::use(email), soci::use(key), soci::use(password_hash), soci::use(created_at), soci::into(id));
    std::vector<imported_user_result> results;
    results.reserve(batch.size());
    for (const auto& account : batch) {
      key = email_key(account.email);
      if (find.execute(true)) {
        results.push_back({imported != 0 ? import_outcome::already_imported : import_outcome::taken, id});
        continue;
      }
      email = account.email;
      password_hash = account.password_hash;
      created_at = to_unix_millis(account.created_at);
      insert.execute(true);
      insert_account_email_channel(sql, id, email, created_at);
      results.push_back({import_outcome::stored, id});
    }
    return results;
  });
}

std::int64_t soci_user_store::count_not_imported() {
  return db_.read([&](soci::session& sql) -> std::int64_t {
    long long total = 0;
    sql << "SELECT COUNT(*) FROM users WHERE imported = 0", soci::into(total);
    return total;
  });
}

}  // namespace pricewatch::storage
