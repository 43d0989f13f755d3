#include "storage/soci/soci_notification_store.hpp"

#include "core/time_format.hpp"
#include "storage/soci/connection_lease.hpp"

#include <soci/soci.h>

#include <string>

namespace pricewatch::storage {

namespace {

constexpr std::string_view notification_fields =
    "id, alert_id, user_id, recipient, symbol, direction, target_units, price_units, attempts, last_error, "
    "created_at, firing_sequence, percent_bp, move_window, frequency, cooldown_seconds, channel_id, channel_type, firing_id, held_until, note, exchange";

std::string notification_columns() { return "SELECT " + std::string(notification_fields) + " FROM notifications"; }

// One row of notification_columns, bound to a statement's into() slots.
struct notification_row {
  long long id = 0, alert_id = 0, user_id = 0, target = 0, price_units = 0, attempts = 0, created = 0, sequence = 1;
  long long percent_bp = 0, cooldown = 60, channel_id = 0, firing_id = 0, held_until = 0;
  soci::indicator firing_indicator = soci::i_null, held_indicator = soci::i_null;
  std::string recipient, symbol, condition, last_error, window, frequency, channel_type, note, exchange;
  soci::indicator channel_indicator = soci::i_null;
  soci::indicator error_indicator = soci::i_null;
  soci::indicator window_indicator = soci::i_null;

  void bind(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(alert_id));
    statement.exchange(soci::into(user_id));
    statement.exchange(soci::into(recipient));
    statement.exchange(soci::into(symbol));
    statement.exchange(soci::into(condition));
    statement.exchange(soci::into(target));
    statement.exchange(soci::into(price_units));
    statement.exchange(soci::into(attempts));
    statement.exchange(soci::into(last_error, error_indicator));
    statement.exchange(soci::into(created));
    statement.exchange(soci::into(sequence));
    statement.exchange(soci::into(percent_bp));
    statement.exchange(soci::into(window, window_indicator));
    statement.exchange(soci::into(frequency));
    statement.exchange(soci::into(cooldown));
    statement.exchange(soci::into(channel_id, channel_indicator));
    statement.exchange(soci::into(channel_type));
    statement.exchange(soci::into(firing_id, firing_indicator));
    statement.exchange(soci::into(held_until, held_indicator));
    statement.exchange(soci::into(note));
    statement.exchange(soci::into(exchange));
  }

  notification to_notification() const {
    notification row;
    row.id = id;
    row.alert_id = alert_id;
    row.user_id = user_id;
    row.recipient = recipient;
    row.symbol = symbol;
    row.condition = parse_condition(condition).value_or(alert_condition::above);
    row.target = price::from_units(target);
    row.triggered_price = price::from_units(price_units);
    row.attempts = attempts;
    row.last_error = error_indicator == soci::i_ok ? std::optional<std::string>(last_error) : std::nullopt;
    row.created_at = from_unix_millis(created);
    row.firing_sequence = sequence;
    row.percent_bp = static_cast<std::int32_t>(percent_bp);
    if (window_indicator == soci::i_ok) row.window = parse_window(window).value_or(move_window::m1);
    row.frequency = parse_frequency(frequency).value_or(alert_frequency::once);
    row.cooldown = std::chrono::seconds(cooldown);
    if (channel_indicator == soci::i_ok) row.channel_id = channel_id;
    if (firing_indicator == soci::i_ok) row.firing_id = firing_id;
    if (held_indicator == soci::i_ok) row.held_until = from_unix_millis(held_until);
    row.channel = parse_channel_type(channel_type).value_or(pricewatch::channel_type::email);
    row.note = note;
    row.exchange = exchange;
    return row;
  }
};

// The due rows' SELECT of claim_due, one per text (batch size and lane), prepared once per
// connection (prepared_statements.hpp).
struct due_select {
  notification_row row;
  long long due = 0;
  soci::statement statement;

  due_select(soci::session& sql, const std::string& text) : statement(sql) {
    row.bind(statement);
    statement.exchange(soci::use(due, "due"));
    statement.alloc();
    statement.prepare(text);
    statement.define_and_bind();
  }
};

}  // namespace

std::vector<notification> soci_notification_store::claim_due(time_point now, std::size_t limit,
                                                             std::chrono::seconds lease,
                                                             std::optional<channel_type> only) {
  // The type's name is one of to_string's constants, never the caller's text.
  const std::string of_type = only ? " AND channel_type = '" + std::string(to_string(*only)) + "'" : "";
  const std::string text = notification_columns() + " WHERE status = 'pending' AND next_attempt_at <= :due" + of_type +
                           " ORDER BY next_attempt_at, id LIMIT " + std::to_string(limit) + dialect_.skip_locked;
  return db_.transaction([&](soci::session& sql) {
    auto& select = db_.prepared(sql).get<due_select>(sql, text);
    select.due = to_unix_millis(now);
    std::vector<notification> claimed;
    if (select.statement.execute(true)) {
      do {
        claimed.push_back(select.row.to_notification());
      } while (select.statement.fetch());
    }
    if (!claimed.empty()) {
      // One statement for the batch; the ids are integers read from the database.
      long long leased_until = to_unix_millis(now + lease);
      std::string ids;
      for (const auto& item : claimed) ids += (ids.empty() ? "" : ",") + std::to_string(item.id);
      sql << "UPDATE notifications SET next_attempt_at = :until WHERE id IN (" + ids + ")", soci::use(leased_until);
    }
    return claimed;
  });
}

std::optional<notification> soci_notification_store::claim(std::int64_t id, std::int64_t attempts, time_point now,
                                                           std::chrono::seconds lease) {
  return db_.write([&](soci::session& sql) -> std::optional<notification> {
    long long row_id = id, tries = attempts, leased_until = to_unix_millis(now + lease);
    // Compare-and-set on the attempt count: of several copies of one job (a redelivery, a relay
    // that republished), exactly one moves the count on and sends. Run once per job, so as
    // one-time queries: a prepared statement would cost a round trip to prepare and one to free.
    constexpr const char* take_row =
        "UPDATE notifications SET attempts = attempts + 1, next_attempt_at = :until "
        "WHERE id = :id AND status = 'pending' AND attempts = :attempts";
    notification_row row;
    const auto bind_take = [&](soci::statement& statement) {
      statement.exchange(soci::use(leased_until, "until"));
      statement.exchange(soci::use(row_id, "id"));
      statement.exchange(soci::use(tries, "attempts"));
    };
    if (dialect_.update_returning) {
      // One round trip: the row comes back with the update.
      soci::statement take(sql);
      row.bind(take);
      bind_take(take);
      take.alloc();
      take.prepare(std::string(take_row) + " RETURNING " + std::string(notification_fields), soci::details::st_one_time_query);
      take.define_and_bind();
      if (!take.execute(true)) return std::nullopt;
    } else {
      soci::statement take(sql);
      bind_take(take);
      take.alloc();
      take.prepare(take_row, soci::details::st_one_time_query);
      take.define_and_bind();
      take.execute(true);
      if (take.get_affected_rows() != 1) return std::nullopt;
      soci::statement select(sql);
      row.bind(select);
      select.exchange(soci::use(row_id, "id"));
      select.alloc();
      select.prepare(notification_columns() + " WHERE id = :id", soci::details::st_one_time_query);
      select.define_and_bind();
      if (!select.execute(true)) return std::nullopt;
    }
    auto claimed = row.to_notification();
    claimed.attempts = attempts;  // the attempts made before this one, as claim_due reports them
    return claimed;
  });
}

void soci_notification_store::release(std::span<const std::int64_t> ids, time_point at) {
  db_.write([&](soci::session& sql) {
    long long row_id = 0, due = to_unix_millis(at);
    soci::statement update = (sql.prepare << "UPDATE notifications SET next_attempt_at = :at "
                                             "WHERE id = :id AND status = 'pending'",
                              soci::use(due, "at"), soci::use(row_id, "id"));
    for (const auto id : ids) {
      row_id = id;
      update.execute(true);
    }
    return 0;
  });
}

namespace {

// The statements that store a delivery's outcome (delivery_outcome), one per kind, prepared once
// per connection (prepared_statements.hpp). Statuses are literals here, never input.
struct outcome_statements {
  long long row = 0;
  long long tries = 0;
  long long at = 0;
  std::string error;
  soci::statement sent;
  soci::statement saved;
  soci::statement retry;
  soci::statement held;
  soci::statement failed;

  explicit outcome_statements(soci::session& sql)
      : sent((sql.prepare << "UPDATE notifications SET status = 'sent', attempts = :attempts, sent_at = :at, "
                             "last_error = NULL WHERE id = :id AND status = 'pending'",
              soci::use(tries, "attempts"), soci::use(at, "at"), soci::use(row, "id"))),
        saved((sql.prepare << "UPDATE notifications SET status = 'saved', attempts = :attempts, sent_at = :at, "
                              "last_error = NULL WHERE id = :id AND status = 'pending'",
               soci::use(tries, "attempts"), soci::use(at, "at"), soci::use(row, "id"))),
        retry((sql.prepare << "UPDATE notifications SET attempts = :attempts, next_attempt_at = :at, "
                              "last_error = :error WHERE id = :id AND status = 'pending'",
               soci::use(tries, "attempts"), soci::use(at, "at"), soci::use(error, "error"), soci::use(row, "id"))),
        held((sql.prepare << "UPDATE notifications SET attempts = :attempts, next_attempt_at = :at, "
                             "held_until = :held WHERE id = :id AND status = 'pending'",
              soci::use(tries, "attempts"), soci::use(at, "at"), soci::use(at, "held"), soci::use(row, "id"))),
        failed((sql.prepare << "UPDATE notifications SET status = 'failed', attempts = :attempts, "
                               "last_error = :error WHERE id = :id AND status = 'pending'",
                soci::use(tries, "attempts"), soci::use(error, "error"), soci::use(row, "id"))) {}

  // Stores the outcome; a row already settled (not pending) stays as it is.
  void store(const delivery_outcome& outcome) {
    row = outcome.id;
    tries = outcome.attempts;
    at = to_unix_millis(outcome.at);
    error = outcome.error;
    switch (outcome.what) {
      case delivery_outcome::kind::sent: sent.execute(true); break;
      case delivery_outcome::kind::saved: saved.execute(true); break;
      case delivery_outcome::kind::retry: retry.execute(true); break;
      case delivery_outcome::kind::held: held.execute(true); break;
      case delivery_outcome::kind::failed: failed.execute(true); break;
    }
  }
};

// One outcome, in one statement (and one round trip where the database commits it by itself).
void store_outcome(connections& db, const delivery_outcome& outcome) {
  db.write([&](soci::session& sql) {
    db.prepared(sql).get<outcome_statements>(sql).store(outcome);
    return 0;
  });
}

}  // namespace

void soci_notification_store::mark_sent(std::int64_t id, std::int64_t attempts, time_point now) {
  store_outcome(db_, {delivery_outcome::kind::sent, id, attempts, now, {}});
}

void soci_notification_store::mark_saved(std::int64_t id, std::int64_t attempts, time_point now) {
  store_outcome(db_, {delivery_outcome::kind::saved, id, attempts, now, {}});
}

void soci_notification_store::schedule_retry(std::int64_t id, std::int64_t attempts, time_point next_attempt,
                                             const std::string& error) {
  store_outcome(db_, {delivery_outcome::kind::retry, id, attempts, next_attempt, error});
}

void soci_notification_store::hold(std::int64_t id, std::int64_t attempts, time_point until) {
  store_outcome(db_, {delivery_outcome::kind::held, id, attempts, until, {}});
}

void soci_notification_store::mark_failed(std::int64_t id, std::int64_t attempts, const std::string& error) {
  store_outcome(db_, {delivery_outcome::kind::failed, id, attempts, {}, error});
}

void soci_notification_store::settle(std::span<const delivery_outcome> outcomes) {
  if (outcomes.empty()) return;
  db_.transaction([&](soci::session& sql) {
    auto& statements = db_.prepared(sql).get<outcome_statements>(sql);
    for (const auto& outcome : outcomes) statements.store(outcome);
  });
}

std::optional<time_point> soci_notification_store::next_due(std::optional<channel_type> only) {
  return db_.read([&](soci::session& sql) -> std::optional<time_point> {
    long long at = 0;
    soci::indicator found = soci::i_null;
    const std::string of_type = only ? " AND channel_type = '" + std::string(to_string(*only)) + "'" : "";
    sql << "SELECT MIN(next_attempt_at) FROM notifications WHERE status = 'pending'" + of_type, soci::into(at, found);
    if (found != soci::i_ok) return std::nullopt;
    return from_unix_millis(at);
  });
}

void soci_notification_store::make_pending_due(time_point now) {
  db_.write([&](soci::session& sql) {
    long long at = to_unix_millis(now);
    sql << "UPDATE notifications SET next_attempt_at = :at WHERE status = 'pending' AND next_attempt_at > :at2",
        soci::use(at, "at"), soci::use(at, "at2");
    return 0;
  });
}

std::map<notification_status, std::int64_t> soci_notification_store::count_by_status() {
  return db_.read([&](soci::session& sql) {
    std::map<notification_status, std::int64_t> counts{
        {notification_status::pending, 0},
        {notification_status::sent, 0},
        {notification_status::saved, 0},
        {notification_status::failed, 0}};
    std::string status;
    long long total = 0;
    soci::statement statement = (sql.prepare << "SELECT status, COUNT(*) FROM notifications GROUP BY status",
                                 soci::into(status), soci::into(total));
    if (statement.execute(true)) {
      do {
        if (auto parsed = parse_notification_status(status)) counts[*parsed] = total;
      } while (statement.fetch());
    }
    return counts;
  });
}

}  // namespace pricewatch::storage
