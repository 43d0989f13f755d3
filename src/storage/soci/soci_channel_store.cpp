#include "storage/soci/soci_channel_store.hpp"

#include "core/time_format.hpp"

#include <boost/json.hpp>
#include <soci/soci.h>

namespace pricewatch::storage {
namespace {

constexpr const char* channel_columns =
    "SELECT id, user_id, type, name, config, status, status_reason, is_default, created_at, secret, previous_secret, "
    "previous_secret_until, verify_token FROM channels";

struct channel_row {
  long long id = 0, user_id = 0, is_default = 0, created_at = 0, previous_until = 0;
  std::string type, name, config, status, reason, secret, previous, token;
  soci::indicator reason_indicator = soci::i_null, previous_indicator = soci::i_null,
                  until_indicator = soci::i_null, token_indicator = soci::i_null;

  void bind(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(user_id));
    statement.exchange(soci::into(type));
    statement.exchange(soci::into(name));
    statement.exchange(soci::into(config));
    statement.exchange(soci::into(status));
    statement.exchange(soci::into(reason, reason_indicator));
    statement.exchange(soci::into(is_default));
    statement.exchange(soci::into(created_at));
    statement.exchange(soci::into(secret));
    statement.exchange(soci::into(previous, previous_indicator));
    statement.exchange(soci::into(previous_until, until_indicator));
    statement.exchange(soci::into(token, token_indicator));
  }

  delivery_channel to_channel() const {
    delivery_channel channel;
    channel.id = id;
    channel.user_id = user_id;
    channel.type = parse_channel_type(type).value_or(channel_type::email);
    channel.name = name;
    channel.config = config_from_json(config);
    channel.status = parse_channel_status(status).value_or(channel_status::disabled);
    if (reason_indicator == soci::i_ok) channel.status_reason = reason;
    channel.is_default = is_default != 0;
    channel.created_at = from_unix_millis(created_at);
    channel.secret = secret;
    if (previous_indicator == soci::i_ok) channel.previous_secret = previous;
    if (token_indicator == soci::i_ok) channel.verify_token = token;
    if (until_indicator == soci::i_ok) channel.previous_secret_until = from_unix_millis(previous_until);
    return channel;
  }
};

template <class BindUses>
std::vector<delivery_channel> read_channels(soci::session& sql, const std::string& tail, BindUses&& bind_uses) {
  channel_row row;
  soci::statement statement(sql);
  row.bind(statement);
  bind_uses(statement);
  statement.alloc();
  statement.prepare(std::string(channel_columns) + tail);
  statement.define_and_bind();
  std::vector<delivery_channel> channels;
  if (statement.execute(true)) {
    do {
      channels.push_back(row.to_channel());
    } while (statement.fetch());
  }
  return channels;
}

std::optional<delivery_channel> first(std::vector<delivery_channel> channels) {
  if (channels.empty()) return std::nullopt;
  return std::move(channels.front());
}

}  // namespace

std::string config_to_json(const channel_config& config) {
  boost::json::object object;
  for (const auto& [name, value] : config) object[name] = value;
  return boost::json::serialize(object);
}

channel_config config_from_json(const std::string& text) {
  channel_config config;
  boost::system::error_code error;
  const auto parsed = boost::json::parse(text, error);
  if (error || !parsed.is_object()) return config;
  for (const auto& [name, value] : parsed.as_object()) {
    if (value.is_string()) config.emplace(std::string(name), std::string(value.as_string()));
  }
  return config;
}

void insert_account_email_channel(soci::session& sql, long long user_id, const std::string& email, long long now_ms) {
  const std::string config = config_to_json(channel_config{{"address", email}});
  sql << "INSERT INTO channels (user_id, type, name, recipient, config, status, is_default, created_at) "
         "VALUES (:user_id, 'email', 'Email', :recipient, :config, 'active', 1, :created_at)",
      soci::use(user_id), soci::use(email), soci::use(config), soci::use(now_ms);
}

delivery_channel soci_channel_store::create(const delivery_channel& channel) {
  return db_.transaction([&](soci::session& sql) {
    long long user_id = channel.user_id, created_at = to_unix_millis(channel.created_at), id = 0;
    long long is_default = channel.is_default ? 1 : 0;
    std::string type(to_string(channel.type)), status(to_string(channel.status));
    const std::string recipient = channel_recipient(channel.type, channel.config);
    const std::string config = config_to_json(channel.config);
    std::string reason = channel.status_reason.value_or("");
    soci::indicator reason_indicator = channel.status_reason ? soci::i_ok : soci::i_null;
    std::string token = channel.verify_token.value_or("");
    soci::indicator token_indicator = channel.verify_token ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO channels (user_id, type, name, recipient, config, status, status_reason, is_default, secret, "
           "verify_token, created_at) VALUES (:user_id, :type, :name, :recipient, :config, :status, :reason, "
           ":is_default, :secret, :token, :created_at) RETURNING id",
        soci::use(user_id), soci::use(type), soci::use(channel.name), soci::use(recipient), soci::use(config),
        soci::use(status), soci::use(reason, reason_indicator), soci::use(is_default), soci::use(channel.secret),
        soci::use(token, token_indicator), soci::use(created_at), soci::into(id);
    auto stored = channel;
    stored.id = id;
    stored.created_at = from_unix_millis(created_at);
    return stored;
  });
}

std::vector<delivery_channel> soci_channel_store::list(std::int64_t user_id) {
  return db_.read([&](soci::session& sql) {
    long long owner = user_id;
    return read_channels(sql, " WHERE user_id = :user_id AND status <> 'deleted' ORDER BY id",
                         [&](soci::statement& statement) { statement.exchange(soci::use(owner, "user_id")); });
  });
}

std::optional<delivery_channel> soci_channel_store::find(std::int64_t user_id, std::int64_t channel_id) {
  return db_.read([&](soci::session& sql) {
    long long owner = user_id, id = channel_id;
    return first(read_channels(sql, " WHERE user_id = :user_id AND id = :id AND status <> 'deleted'",
                               [&](soci::statement& statement) {
                                 statement.exchange(soci::use(owner, "user_id"));
                                 statement.exchange(soci::use(id, "id"));
                               }));
  });
}

std::optional<delivery_channel> soci_channel_store::find_by_id(std::int64_t channel_id) {
  return db_.read([&](soci::session& sql) {
    long long id = channel_id;
    return first(read_channels(sql, " WHERE id = :id",
                               [&](soci::statement& statement) { statement.exchange(soci::use(id, "id")); }));
  });
}

bool soci_channel_store::update(const delivery_channel& channel) {
  return db_.write([&](soci::session& sql) {
    long long owner = channel.user_id, id = channel.id;
    std::string status(to_string(channel.status));
    const std::string recipient = channel_recipient(channel.type, channel.config);
    const std::string config = config_to_json(channel.config);
    std::string reason = channel.status_reason.value_or("");
    soci::indicator reason_indicator = channel.status_reason ? soci::i_ok : soci::i_null;
    std::string token = channel.verify_token.value_or("");
    soci::indicator token_indicator = channel.verify_token ? soci::i_ok : soci::i_null;
    soci::statement update =
        (sql.prepare << "UPDATE channels SET name = :name, recipient = :recipient, config = :config, status = :status, "
                        "status_reason = :reason, verify_token = :token, permanent_failures = 0 "
                        "WHERE id = :id AND user_id = :user_id AND status <> 'deleted'",
         soci::use(channel.name), soci::use(recipient), soci::use(config), soci::use(status),
         soci::use(reason, reason_indicator), soci::use(token, token_indicator), soci::use(id), soci::use(owner));
    update.execute(true);
    return update.get_affected_rows() == 1;
  });
}

std::optional<delivery_channel> soci_channel_store::confirm(const std::string& token) {
  return db_.transaction([&](soci::session& sql) -> std::optional<delivery_channel> {
    long long id = 0;
    soci::indicator found = soci::i_null;
    sql << "SELECT id FROM channels WHERE verify_token = :token AND status = 'unverified'", soci::use(token),
        soci::into(id, found);
    if (!sql.got_data() || found != soci::i_ok) return std::nullopt;
    sql << "UPDATE channels SET status = 'active', status_reason = NULL, verify_token = NULL WHERE id = :id",
        soci::use(id);
    return first(read_channels(sql, " WHERE id = :id",
                               [&](soci::statement& statement) { statement.exchange(soci::use(id, "id")); }));
  });
}

bool soci_channel_store::remove(std::int64_t user_id, std::int64_t channel_id) {
  return db_.write([&](soci::session& sql) {
    long long owner = user_id, id = channel_id;
    soci::statement update = (sql.prepare << "UPDATE channels SET status = 'deleted', is_default = 0 "
                                             "WHERE id = :id AND user_id = :user_id AND status <> 'deleted'",
                              soci::use(id), soci::use(owner));
    update.execute(true);
    return update.get_affected_rows() == 1;
  });
}

std::vector<std::int64_t> soci_channel_store::default_channels(std::int64_t user_id) {
  return db_.read([&](soci::session& sql) {
    long long owner = user_id, id = 0;
    std::vector<std::int64_t> ids;
    soci::statement select = (sql.prepare << "SELECT id FROM channels WHERE user_id = :user_id AND is_default = 1 "
                                             "AND status <> 'deleted' ORDER BY id",
                              soci::use(owner), soci::into(id));
    if (select.execute(true)) {
      do {
        ids.push_back(id);
      } while (select.fetch());
    }
    return ids;
  });
}

std::size_t soci_channel_store::count_owned(std::int64_t user_id, std::span<const std::int64_t> channel_ids) {
  if (channel_ids.empty()) return 0;
  return db_.read([&](soci::session& sql) {
    long long owner = user_id, total = 0;
    std::string ids;
    for (const auto id : channel_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    sql << "SELECT COUNT(*) FROM channels WHERE user_id = :user_id AND status <> 'deleted' AND id IN (" + ids + ")",
        soci::use(owner), soci::into(total);
    return static_cast<std::size_t>(total);
  });
}

bool soci_channel_store::set_default_channels(std::int64_t user_id, std::span<const std::int64_t> channel_ids) {
  return db_.transaction([&](soci::session& sql) {
    long long owner = user_id, total = 0;
    std::string ids;
    for (const auto id : channel_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    if (!ids.empty()) {
      sql << "SELECT COUNT(*) FROM channels WHERE user_id = :user_id AND status <> 'deleted' AND id IN (" + ids + ")",
          soci::use(owner), soci::into(total);
      if (static_cast<std::size_t>(total) != channel_ids.size()) return false;
    }
    sql << "UPDATE channels SET is_default = 0 WHERE user_id = :user_id", soci::use(owner);
    if (!ids.empty()) {
      sql << "UPDATE channels SET is_default = 1 WHERE user_id = :user_id AND id IN (" + ids + ")", soci::use(owner);
    }
    return true;
  });
}

bool soci_channel_store::rotate_secret(std::int64_t user_id, std::int64_t channel_id, const std::string& secret,
                                       time_point until) {
  return db_.write([&](soci::session& sql) {
    long long owner = user_id, id = channel_id, until_ms = to_unix_millis(until);
    soci::statement update =
        (sql.prepare << "UPDATE channels SET previous_secret = secret, previous_secret_until = :until, secret = :secret "
                        "WHERE id = :id AND user_id = :user_id AND type = 'webhook' AND status <> 'deleted'",
         soci::use(until_ms), soci::use(secret), soci::use(id), soci::use(owner));
    update.execute(true);
    return update.get_affected_rows() == 1;
  });
}

delivery_preferences soci_channel_store::preferences(std::int64_t user_id) {
  return db_.read([&](soci::session& sql) {
    long long id = user_id, start = 0, end = 0, digest = 0;
    std::string timezone;
    soci::indicator start_indicator = soci::i_null, end_indicator = soci::i_null;
    sql << "SELECT timezone, quiet_start, quiet_end, digest_seconds FROM users WHERE id = :id", soci::use(id),
        soci::into(timezone), soci::into(start, start_indicator), soci::into(end, end_indicator), soci::into(digest);
    delivery_preferences found;
    if (!sql.got_data()) return found;
    found.timezone = timezone;
    if (start_indicator == soci::i_ok && end_indicator == soci::i_ok) {
      found.quiet = quiet_hours{static_cast<int>(start), static_cast<int>(end)};
    }
    found.digest = std::chrono::seconds(digest);
    return found;
  });
}

void soci_channel_store::set_preferences(std::int64_t user_id, const delivery_preferences& preferences, time_point now) {
  db_.transaction([&](soci::session& sql) {
    long long id = user_id, start = 0, end = 0, digest = preferences.digest.count(), due = to_unix_millis(now);
    soci::indicator quiet = preferences.quiet ? soci::i_ok : soci::i_null;
    if (preferences.quiet) {
      start = preferences.quiet->start_minute;
      end = preferences.quiet->end_minute;
    }
    sql << "UPDATE users SET timezone = :timezone, quiet_start = :start, quiet_end = :end, digest_seconds = :digest "
           "WHERE id = :id",
        soci::use(preferences.timezone), soci::use(start, quiet), soci::use(end, quiet), soci::use(digest),
        soci::use(id);
    sql << "UPDATE notifications SET next_attempt_at = :due WHERE user_id = :id AND status = 'pending' "
           "AND held_until IS NOT NULL AND next_attempt_at > :later",
        soci::use(due, "due"), soci::use(id, "id"), soci::use(due, "later");
    return 0;
  });
}

void soci_channel_store::record_success(std::int64_t channel_id) {
  long long id = channel_id;
  // Nearly always there is nothing to reset: a read, which runs beside other readers, spares the
  // write (one writer at a time on SQLite) that a storm would otherwise make once per delivery.
  const bool failing = db_.read([&](soci::session& sql) {
    long long failures = 0;
    soci::indicator found = soci::i_null;
    sql << "SELECT permanent_failures FROM channels WHERE id = :id", soci::use(id), soci::into(failures, found);
    return found == soci::i_ok && failures != 0;
  });
  if (!failing) return;
  db_.write([&](soci::session& sql) {
    sql << "UPDATE channels SET permanent_failures = 0 WHERE id = :id AND permanent_failures <> 0", soci::use(id);
    return 0;
  });
}

bool soci_channel_store::record_permanent_failure(std::int64_t channel_id, const std::string& reason,
                                                  std::int64_t threshold) {
  return db_.transaction([&](soci::session& sql) {
    long long id = channel_id, limit = threshold;
    sql << "UPDATE channels SET permanent_failures = permanent_failures + 1 WHERE id = :id", soci::use(id);
    const std::string disabled_reason = "disabled after " + std::to_string(threshold) +
                                        " permanent failures in a row; the last: " + reason;
    soci::statement disable =
        (sql.prepare << "UPDATE channels SET status = 'disabled', status_reason = :reason "
                        "WHERE id = :id AND status = 'active' AND permanent_failures >= :limit",
         soci::use(disabled_reason), soci::use(id), soci::use(limit));
    disable.execute(true);
    return disable.get_affected_rows() == 1;
  });
}

}  // namespace pricewatch::storage
