#include "storage/soci/soci_alert_store.hpp"

#include "core/time_format.hpp"
#include "storage/soci/connection_lease.hpp"
#include "storage/soci/soci_alert_rows.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <iterator>
#include <string>

namespace pricewatch::storage {
namespace {

// The WHERE clause of a filter and its bound values, which must outlive the statement.
struct filter_binding {
  long long user_id;
  std::string status;
  std::string exchange;
  std::string symbol;
  std::string where;

  explicit filter_binding(const alert_filter& filter) : user_id(filter.user_id) {
    where = " WHERE a.user_id = :user_id";
    if (filter.status) {
      status = std::string(to_string(*filter.status));
      where += " AND a.status = :status";
    }
    if (filter.exchange) {
      exchange = std::string(exchange_name(*filter.exchange));
      where += " AND a.exchange = :exchange";
    }
    if (filter.symbol) {
      symbol = *filter.symbol;
      where += " AND a.symbol = :symbol";
    }
  }

  void bind(soci::statement& statement) {
    statement.exchange(soci::use(user_id, "user_id"));
    if (!status.empty()) statement.exchange(soci::use(status, "status"));
    if (!exchange.empty()) statement.exchange(soci::use(exchange, "exchange"));
    if (!symbol.empty()) statement.exchange(soci::use(symbol, "symbol"));
  }
};

// An alert_request's fields as the alerts table stores them, bound by name to a statement that
// writes them: a moving alert's target is zero and it has a window; any other has no window.
struct request_binding {
  std::string exchange;
  std::string symbol;
  std::string condition;
  long long target = 0;
  long long percent_bp = 0;
  std::string window;
  soci::indicator window_indicator = soci::i_null;
  std::string frequency;
  long long cooldown_seconds = 0;
  long long expires_at = 0;
  soci::indicator expires_at_indicator = soci::i_null;
  std::string note;

  request_binding() = default;
  explicit request_binding(const alert_request& request)
      : exchange(exchange_name(request.exchange)),
        symbol(request.symbol),
        condition(to_string(request.condition)),
        target(is_moving(request.condition) ? 0 : request.target.units()),
        percent_bp(request.percent_bp),
        frequency(to_string(request.frequency)),
        cooldown_seconds(request.cooldown.count()),
        note(request.note) {
    if (is_moving(request.condition)) {
      window = std::string(to_string(request.window));
      window_indicator = soci::i_ok;
    }
    if (request.expires_at) {
      expires_at = to_unix_millis(*request.expires_at);
      expires_at_indicator = soci::i_ok;
    }
  }

  // The names the statements use: :exchange (insert only: an alert keeps its exchange), :symbol, :direction, :target, :percent_bp, :move_window,
  // :frequency, :cooldown_seconds, :expires_at, :note.
  void bind(soci::statement& statement) {
    statement.exchange(soci::use(symbol, "symbol"));
    statement.exchange(soci::use(condition, "direction"));
    statement.exchange(soci::use(target, "target"));
    statement.exchange(soci::use(percent_bp, "percent_bp"));
    statement.exchange(soci::use(window, window_indicator, "move_window"));
    statement.exchange(soci::use(frequency, "frequency"));
    statement.exchange(soci::use(cooldown_seconds, "cooldown_seconds"));
    statement.exchange(soci::use(expires_at, expires_at_indicator, "expires_at"));
    statement.exchange(soci::use(note, "note"));
  }
};

// Runs a statement whose text is known only now, its values bound by bind_uses; returns the rows
// it changed.
template <class BindUses>
long long run_changing(soci::session& sql, const std::string& text, BindUses&& bind_uses) {
  soci::statement statement(sql);
  bind_uses(statement);
  statement.alloc();
  statement.prepare(text);
  statement.define_and_bind();
  statement.execute(true);
  return statement.get_affected_rows();
}

// A new alert's row, its id returned: prepared once per connection (prepared_statements.hpp).
struct alert_insert {
  request_binding values;
  long long owner = 0;
  long long created_at = 0;
  long long id = 0;
  soci::statement statement;

  explicit alert_insert(soci::session& sql) : statement(sql) {
    values.bind(statement);
    statement.exchange(soci::use(values.exchange, "exchange"));
    statement.exchange(soci::use(owner, "user_id"));
    statement.exchange(soci::use(created_at, "created_at"));
    statement.exchange(soci::into(id));
    statement.alloc();
    statement.prepare("INSERT INTO alerts (exchange, symbol, direction, target_units, percent_bp, move_window, frequency, "
                      "cooldown_seconds, expires_at, note, user_id, status, created_at) "
                      "VALUES (:exchange, :symbol, :direction, :target, :percent_bp, :move_window, :frequency, "
                      ":cooldown_seconds, :expires_at, :note, :user_id, 'created', :created_at) RETURNING id");
    statement.define_and_bind();
  }
};

}  // namespace

alert soci_alert_store::create(std::int64_t user_id, const alert_request& request, time_point now) {
  // The write holds the one writer (SQLite) only for the rows it stores; the alert is read back
  // as stored after the commit, beside other readers.
  const long long stored = db_.transaction([&](soci::session& sql) {
    auto& insert = db_.prepared(sql).get<alert_insert>(sql);
    insert.values = request_binding(request);
    insert.owner = user_id;
    insert.created_at = to_unix_millis(now);
    if (!execute_one_row(insert.statement)) throw backend_error("database", "the new alert's id was not returned");
    add_alert_channels(sql, insert.id, request.channels);
    return insert.id;
  });
  // As stored: what the database keeps of the request, and the owner's email.
  auto created = find(user_id, stored);
  if (!created) throw backend_error("database", "the alert just stored cannot be read back");
  return std::move(*created);
}

std::optional<alert> soci_alert_store::find(std::int64_t user_id, std::int64_t alert_id) {
  return db_.read([&](soci::session& sql) { return read_alert(sql, db_.prepared(sql), user_id, alert_id); });
}

delete_outcome soci_alert_store::mark_deleted(std::int64_t user_id, std::int64_t alert_id) {
  return db_.write([&](soci::session& sql) {
    long long owner = user_id;
    long long id = alert_id;
    soci::statement update = (sql.prepare << "UPDATE alerts SET status = 'deleted' "
                                             "WHERE id = :id AND user_id = :user_id AND status <> 'deleted'",
                              soci::use(id), soci::use(owner));
    update.execute(true);
    if (update.get_affected_rows() == 1) {
      return delete_outcome::deleted;
    }
    std::string status;
    soci::indicator found = soci::i_null;
    sql << "SELECT status FROM alerts WHERE id = :id AND user_id = :user_id", soci::use(id), soci::use(owner),
        soci::into(status, found);
    if (!sql.got_data() || found != soci::i_ok) {
      return delete_outcome::not_found;
    }
    return delete_outcome::already_deleted;
  });
}

change_result soci_alert_store::update(std::int64_t user_id, std::int64_t alert_id, const alert_request& request,
                                       alert_status status) {
  return db_.transaction([&](soci::session& sql) -> change_result {
    long long owner = user_id;
    long long id = alert_id;
    std::string new_status(to_string(status));
    request_binding values(request);
    // One conditional update: a firing that closed the alert first wins.
    const auto changed = run_changing(
        sql,
        "UPDATE alerts SET symbol = :symbol, direction = :direction, target_units = :target, "
        "percent_bp = :percent_bp, move_window = :move_window, frequency = :frequency, "
        "cooldown_seconds = :cooldown_seconds, expires_at = :expires_at, note = :note, status = :status "
        "WHERE id = :id AND user_id = :user_id AND status IN ('created', 'paused')",
        [&](soci::statement& statement) {
          values.bind(statement);
          statement.exchange(soci::use(new_status, "status"));
          statement.exchange(soci::use(id, "id"));
          statement.exchange(soci::use(owner, "user_id"));
        });
    auto now = read_alert(sql, db_.prepared(sql), user_id, alert_id);
    if (!now) return {change_outcome::not_found, std::nullopt};
    // MySQL counts the rows an update changed, not those it matched: an open alert that already
    // held every value was updated all the same.
    const bool open = changed == 1 || is_open(now->status);
    if (open && now->channels != request.channels) {
      store_alert_channels(sql, alert_id, request.channels);
      now->channels = request.channels;
    }
    return {open ? change_outcome::changed : change_outcome::closed, std::move(now)};
  });
}

std::vector<alert> soci_alert_store::expire_due(time_point now, std::size_t limit) {
  if (limit == 0) return {};
  return db_.transaction([&](soci::session& sql) {
    long long at = to_unix_millis(now);
    long long id = 0;
    std::vector<long long> due;
    soci::statement select = (sql.prepare << "SELECT id FROM alerts WHERE status IN ('created', 'paused') "
                                             "AND expires_at <= :now ORDER BY id LIMIT " + std::to_string(limit),
                              soci::use(at, "now"), soci::into(id));
    if (select.execute(true)) {
      do {
        due.push_back(id);
      } while (select.fetch());
    }
    // Compare-and-set, alert by alert: of two watchers expiring together, one expires each.
    soci::statement expire = (sql.prepare << "UPDATE alerts SET status = 'expired' WHERE id = :id "
                                             "AND status IN ('created', 'paused') AND expires_at <= :now",
                              soci::use(id, "id"), soci::use(at, "now"));
    std::vector<long long> expired;
    for (const auto candidate : due) {
      id = candidate;
      expire.execute(true);
      if (expire.get_affected_rows() == 1) expired.push_back(candidate);
    }
    std::vector<alert> alerts;
    for (std::size_t from = 0; from < expired.size(); from += ids_per_statement) {
      auto part = read_alerts(sql, " WHERE a.id IN (" + id_list(expired, from, ids_per_statement) + ") ORDER BY a.id",
                              [](soci::statement&) {});
      std::move(part.begin(), part.end(), std::back_inserter(alerts));
    }
    return alerts;
  });
}

std::int64_t soci_alert_store::count(const alert_filter& filter) {
  return db_.read([&](soci::session& sql) -> std::int64_t {
    filter_binding binding(filter);
    return count_where(sql, "alerts a", binding);
  });
}

std::vector<alert> soci_alert_store::list(const alert_filter& filter, list_order order, std::int64_t offset,
                                          std::int64_t limit) {
  return db_.read([&](soci::session& sql) {
    filter_binding binding(filter);
    // offset and limit are integers validated by the caller, so spelling them inline is safe and
    // avoids differences between the backends in binding LIMIT.
    const char* direction = order == list_order::oldest_first ? " ORDER BY a.id ASC LIMIT " : " ORDER BY a.id DESC LIMIT ";
    return read_alerts(sql, binding.where + direction + std::to_string(limit) + " OFFSET " + std::to_string(offset),
                       [&](soci::statement& statement) { binding.bind(statement); });
  });
}

std::vector<watched_alert> soci_alert_store::load_active_after(exchange_id exchange, std::int64_t after_id,
                                                               std::size_t limit) {
  if (limit == 0) return {};
  return db_.read([&](soci::session& sql) {
    // Row by row: SOCI 4.0.3's SQLite backend truncates 64-bit integers fetched into a vector
    // (targets and times came back as their low 32 bits), while a single long long is exact.
    long long after = after_id;
    std::string bound_exchange(exchange_name(exchange));
    long long id = 0, target = 0, created_at = 0, percent_bp = 0, cooldown = 0, last_fired_at = 0, fire_count = 0;
    std::string symbol, condition, window, frequency, row_exchange;
    soci::indicator window_indicator = soci::i_null, last_fired_indicator = soci::i_null;
    // limit is a size_t: spelling it inline is safe, as in list().
    soci::statement statement =
        (sql.prepare << "SELECT id, symbol, direction, target_units, created_at, percent_bp, move_window, frequency, "
                        "cooldown_seconds, last_fired_at, fire_count, exchange FROM alerts WHERE status = 'created' "
                        "AND exchange = :exchange AND id > :after ORDER BY id LIMIT " +
                            std::to_string(limit),
         soci::use(bound_exchange, "exchange"), soci::use(after, "after"), soci::into(id), soci::into(symbol),
         soci::into(condition), soci::into(target), soci::into(created_at), soci::into(percent_bp),
         soci::into(window, window_indicator), soci::into(frequency), soci::into(cooldown),
         soci::into(last_fired_at, last_fired_indicator), soci::into(fire_count), soci::into(row_exchange));
    std::vector<watched_alert> active;
    active.reserve(limit);
    if (statement.execute(true)) {
      do {
        auto& item = active.emplace_back();
        item.id = id;
        item.symbol = symbol;  // a symbol fits std::string's own buffer: no allocation
        item.condition = parse_condition(condition).value_or(alert_condition::above);
        item.target = price::from_units(target);
        item.created_at = from_unix_millis(created_at);
        item.percent_bp = static_cast<std::int32_t>(percent_bp);
        if (window_indicator == soci::i_ok) item.window = parse_window(window).value_or(move_window::m1);
        item.frequency = parse_frequency(frequency).value_or(alert_frequency::once);
        item.cooldown = std::chrono::seconds(cooldown);
        if (last_fired_indicator == soci::i_ok) item.last_fired_at = from_unix_millis(last_fired_at);
        item.fire_count = fire_count;
        item.exchange = exchange_named(row_exchange).value_or(exchange_id::binance);
      } while (statement.fetch());
    }
    return active;
  });
}

std::int64_t soci_alert_store::count_active() {
  return db_.read([&](soci::session& sql) -> std::int64_t {
    long long total = 0;
    sql << "SELECT COUNT(*) FROM alerts WHERE status = 'created'", soci::into(total);
    return total;
  });
}

}  // namespace pricewatch::storage
