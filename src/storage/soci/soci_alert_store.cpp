#include "storage/soci/soci_alert_store.hpp"

#include "core/time_format.hpp"
#include "storage/soci/connection_lease.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <unordered_map>

namespace pricewatch::storage {
namespace {

constexpr const char* alert_columns =
    "SELECT a.id, a.user_id, u.email, a.symbol, a.direction, a.target_units, a.status, a.created_at, "
    "a.triggered_at, a.triggered_units, n.status, n.attempts, n.last_error FROM alerts a "
    "JOIN users u ON u.id = a.user_id LEFT JOIN notifications n ON n.alert_id = a.id";

// One row of alert_columns, bound to a statement's into() slots.
struct alert_row {
  long long id = 0;
  long long user_id = 0;
  std::string email;
  std::string symbol;
  std::string condition;
  long long target_units = 0;
  std::string status;
  long long created_at = 0;
  long long triggered_at = 0;
  soci::indicator triggered_at_indicator = soci::i_null;
  long long triggered_units = 0;
  soci::indicator triggered_units_indicator = soci::i_null;
  std::string delivery_status;
  soci::indicator delivery_status_indicator = soci::i_null;
  long long delivery_attempts = 0;
  soci::indicator delivery_attempts_indicator = soci::i_null;
  std::string delivery_error;
  soci::indicator delivery_error_indicator = soci::i_null;

  void bind(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(user_id));
    statement.exchange(soci::into(email));
    statement.exchange(soci::into(symbol));
    statement.exchange(soci::into(condition));
    statement.exchange(soci::into(target_units));
    statement.exchange(soci::into(status));
    statement.exchange(soci::into(created_at));
    statement.exchange(soci::into(triggered_at, triggered_at_indicator));
    statement.exchange(soci::into(triggered_units, triggered_units_indicator));
    statement.exchange(soci::into(delivery_status, delivery_status_indicator));
    statement.exchange(soci::into(delivery_attempts, delivery_attempts_indicator));
    statement.exchange(soci::into(delivery_error, delivery_error_indicator));
  }

  alert to_alert() const {
    alert result;
    result.id = id;
    result.user_id = user_id;
    result.owner_email = email;
    result.symbol = symbol;
    result.condition = parse_condition(condition).value_or(alert_condition::above);
    result.target = price::from_units(target_units);
    result.status = parse_status(status).value_or(alert_status::created);
    result.created_at = from_unix_millis(created_at);
    if (triggered_at_indicator == soci::i_ok) {
      result.triggered_at = from_unix_millis(triggered_at);
    }
    if (triggered_units_indicator == soci::i_ok) {
      result.triggered_price = price::from_units(triggered_units);
    }
    if (delivery_status_indicator == soci::i_ok) {
      delivery_state delivery{delivery_status, delivery_attempts_indicator == soci::i_ok ? delivery_attempts : 0, {}, {}};
      if (delivery_error_indicator == soci::i_ok) delivery.last_error = delivery_error;
      result.delivery = std::move(delivery);
    }
    return result;
  }
};

// The WHERE clause of a filter and its bound values, which must outlive the statement.
struct filter_binding {
  long long user_id;
  std::string status;
  std::string symbol;
  std::string where;

  explicit filter_binding(const alert_filter& filter) : user_id(filter.user_id) {
    where = " WHERE a.user_id = :user_id";
    if (filter.status) {
      status = std::string(to_string(*filter.status));
      where += " AND a.status = :status";
    }
    if (filter.symbol) {
      symbol = *filter.symbol;
      where += " AND a.symbol = :symbol";
    }
  }

  void bind(soci::statement& statement) {
    statement.exchange(soci::use(user_id, "user_id"));
    if (!status.empty()) statement.exchange(soci::use(status, "status"));
    if (!symbol.empty()) statement.exchange(soci::use(symbol, "symbol"));
  }
};

// An alert already stored under an id that an import brings.
struct held_alert {
  long long user_id = 0;
  bool imported = false;
};

// The alerts stored with ids in the span of the batch's, read in bulk: one range query instead of
// one query per alert.
std::unordered_map<long long, held_alert> held_ids(soci::session& sql, std::span<const imported_alert> batch) {
  const auto [lowest, highest] = std::minmax_element(batch.begin(), batch.end(),
                                                     [](const auto& a, const auto& b) { return a.id < b.id; });
  long long low = lowest->id;
  long long high = highest->id;
  constexpr std::size_t rows_per_fetch = 1000;
  std::vector<long long> ids(rows_per_fetch);
  std::vector<long long> owners(rows_per_fetch);
  std::vector<int> marks(rows_per_fetch);
  soci::statement select = (sql.prepare << "SELECT id, user_id, imported FROM alerts WHERE id BETWEEN :low AND :high",
                            soci::use(low), soci::use(high), soci::into(ids), soci::into(owners), soci::into(marks));
  std::unordered_map<long long, held_alert> held;
  select.execute();
  while (select.fetch()) {
    for (std::size_t i = 0; i < ids.size(); ++i) held.emplace(ids[i], held_alert{owners[i], marks[i] != 0});
    ids.resize(rows_per_fetch);
    owners.resize(rows_per_fetch);
    marks.resize(rows_per_fetch);
  }
  return held;
}

}  // namespace

alert soci_alert_store::create(std::int64_t user_id, const alert_request& request, time_point now) {
  return db_.write([&](soci::session& sql) {
    long long owner = user_id;
    std::string condition(to_string(request.condition));
    long long target = request.target.units();
    long long created_at = to_unix_millis(now);
    long long id = 0;
    sql << "INSERT INTO alerts (user_id, symbol, direction, target_units, status, created_at) "
           "VALUES (:user_id, :symbol, :condition, :target, 'created', :created_at) RETURNING id",
        soci::use(owner), soci::use(request.symbol), soci::use(condition), soci::use(target), soci::use(created_at),
        soci::into(id);
    std::string email;
    sql << "SELECT email FROM users WHERE id = :id", soci::use(owner), soci::into(email);
    alert created;
    created.id = id;
    created.user_id = user_id;
    created.owner_email = email;
    created.symbol = request.symbol;
    created.condition = request.condition;
    created.target = request.target;
    created.created_at = from_unix_millis(created_at);
    return created;
  });
}

std::optional<alert> soci_alert_store::find(std::int64_t user_id, std::int64_t alert_id) {
  return db_.read([&](soci::session& sql) -> std::optional<alert> {
    long long owner = user_id;
    long long id = alert_id;
    alert_row row;
    soci::statement statement(sql);
    row.bind(statement);
    statement.exchange(soci::use(owner, "user_id"));
    statement.exchange(soci::use(id, "id"));
    statement.alloc();
    statement.prepare(std::string(alert_columns) + " WHERE a.user_id = :user_id AND a.id = :id");
    statement.define_and_bind();
    if (!statement.execute(true)) {
      return std::nullopt;
    }
    return row.to_alert();
  });
}

delete_outcome soci_alert_store::mark_deleted(std::int64_t user_id, std::int64_t alert_id) {
  return db_.write([&](soci::session& sql) {
    long long owner = user_id;
    long long id = alert_id;
    soci::statement update = (sql.prepare << "UPDATE alerts SET status = 'deleted' "
                                             "WHERE id = :id AND user_id = :user_id AND status IN ('created', 'triggered')",
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

std::int64_t soci_alert_store::count(const alert_filter& filter) {
  return db_.read([&](soci::session& sql) -> std::int64_t {
    filter_binding binding(filter);
    long long total = 0;
    soci::statement statement(sql);
    statement.exchange(soci::into(total));
    binding.bind(statement);
    statement.alloc();
    statement.prepare("SELECT COUNT(*) FROM alerts a" + binding.where);
    statement.define_and_bind();
    statement.execute(true);
    return total;
  });
}

std::vector<alert> soci_alert_store::list(const alert_filter& filter, list_order order, std::int64_t offset,
                                          std::int64_t limit) {
  return db_.read([&](soci::session& sql) {
    filter_binding binding(filter);
    alert_row row;
    soci::statement statement(sql);
    row.bind(statement);
    binding.bind(statement);
    statement.alloc();
    // offset and limit are integers validated by the caller, so spelling them inline is safe and
    // avoids differences between the backends in binding LIMIT.
    const char* direction = order == list_order::oldest_first ? " ORDER BY a.id ASC LIMIT " : " ORDER BY a.id DESC LIMIT ";
    statement.prepare(std::string(alert_columns) + binding.where + direction +
                      std::to_string(limit) + " OFFSET " + std::to_string(offset));
    statement.define_and_bind();
    std::vector<alert> alerts;
    if (statement.execute(true)) {
      do {
        alerts.push_back(row.to_alert());
      } while (statement.fetch());
    }
    return alerts;
  });
}

std::vector<watched_alert> soci_alert_store::load_active() {
  return db_.read([&](soci::session& sql) {
    long long id = 0;
    std::string symbol;
    std::string condition;
    long long target = 0;
    long long created_at = 0;
    soci::statement statement = (sql.prepare << "SELECT id, symbol, direction, target_units, created_at FROM alerts "
                                                "WHERE status = 'created' ORDER BY id",
                                 soci::into(id), soci::into(symbol), soci::into(condition), soci::into(target),
                                 soci::into(created_at));
    std::vector<watched_alert> active;
    if (statement.execute(true)) {
      do {
        active.push_back(watched_alert{id, symbol, parse_condition(condition).value_or(alert_condition::above),
                                       price::from_units(target), from_unix_millis(created_at)});
      } while (statement.fetch());
    }
    return active;
  });
}

std::vector<fired_record> soci_alert_store::fire(std::span<const firing> batch, time_point now) {
  // One write transaction for the batch; prepared once, executed per alert.
  return db_.transaction([&](soci::session& sql) {
    long long alert_id = 0;
    long long price_units = 0;
    long long at = to_unix_millis(now);
    long long user_id = 0;
    soci::statement mark = (sql.prepare << "UPDATE alerts SET status = 'triggered', triggered_at = :at, "
                                           "triggered_units = :price WHERE id = :id AND status = 'created'",
                            soci::use(at, "at"), soci::use(price_units, "price"), soci::use(alert_id, "id"));
    soci::statement enqueue =
        (sql.prepare << "INSERT INTO notifications (alert_id, user_id, recipient, symbol, direction, target_units, "
                        "price_units, status, attempts, next_attempt_at, created_at) "
                        "SELECT a.id, a.user_id, u.email, a.symbol, a.direction, a.target_units, :price, 'pending', 0, "
                        ":due, :created FROM alerts a JOIN users u ON u.id = a.user_id WHERE a.id = :id",
         soci::use(price_units, "price"), soci::use(at, "due"), soci::use(at, "created"), soci::use(alert_id, "id"));
    std::string symbol;
    std::string condition;
    long long target_units = 0;
    long long created_at = 0;
    soci::statement owner =
        (sql.prepare << "SELECT user_id, symbol, direction, target_units, created_at FROM alerts WHERE id = :id",
         soci::use(alert_id, "id"), soci::into(user_id), soci::into(symbol), soci::into(condition),
         soci::into(target_units), soci::into(created_at));
    std::vector<fired_record> fired;
    for (const auto& item : batch) {
      alert_id = item.alert_id;
      price_units = item.triggered_price.units();
      mark.execute(true);
      if (mark.get_affected_rows() != 1) {
        continue;  // deleted by its owner, or fired by another watcher first
      }
      enqueue.execute(true);
      owner.execute(true);
      fired.push_back(fired_record{alert_id, user_id, symbol, parse_condition(condition).value_or(alert_condition::above),
                                   price::from_units(target_units), from_unix_millis(created_at),
                                   item.triggered_price, now});
    }
    return fired;
  });
}

// Not stored in SQL yet: the alerts-v2 migrations come next (issue 13, work in progress).
change_result soci_alert_store::update(std::int64_t, std::int64_t, const alert_request&, alert_status) {
  throw backend_error("database", "alert updates are not stored yet");
}

std::vector<alert> soci_alert_store::expire_due(time_point, std::size_t) { return {}; }

std::int64_t soci_alert_store::count_firings(const firing_filter&) { return 0; }

std::vector<firing_record> soci_alert_store::list_firings(const firing_filter&, std::int64_t, std::int64_t) {
  return {};
}

std::int64_t soci_alert_store::count_active() {
  return db_.read([&](soci::session& sql) -> std::int64_t {
    long long total = 0;
    sql << "SELECT COUNT(*) FROM alerts WHERE status = 'created'", soci::into(total);
    return total;
  });
}

std::vector<import_outcome> soci_alert_store::import_alerts(std::span<const imported_alert> batch) {
  if (batch.empty()) return {};
  return db_.transaction([&](soci::session& sql) {
    const auto held = held_ids(sql, batch);
    // The new rows, bound as vectors: one prepared insert run for all of them.
    std::vector<long long> ids;
    std::vector<long long> owners;
    std::vector<std::string> symbols;
    std::vector<std::string> conditions;
    std::vector<long long> targets;
    std::vector<std::string> statuses;
    std::vector<long long> created;
    std::vector<import_outcome> outcomes;
    outcomes.reserve(batch.size());
    for (const auto& item : batch) {
      if (const auto found = held.find(item.id); found != held.end()) {
        const bool ours = found->second.imported && found->second.user_id == item.user_id;
        outcomes.push_back(ours ? import_outcome::already_imported : import_outcome::taken);
        continue;
      }
      ids.push_back(item.id);
      owners.push_back(item.user_id);
      symbols.push_back(item.request.symbol);
      conditions.emplace_back(to_string(item.request.condition));
      targets.push_back(item.request.target.units());
      statuses.emplace_back(to_string(item.status));
      created.push_back(to_unix_millis(item.created_at));
      outcomes.push_back(import_outcome::stored);
    }
    if (!ids.empty()) {
      sql << "INSERT INTO alerts (id, user_id, symbol, direction, target_units, status, created_at, imported) "
             "VALUES (:id, :user_id, :symbol, :direction, :target, :status, :created_at, 1)",
          soci::use(ids), soci::use(owners), soci::use(symbols), soci::use(conditions), soci::use(targets),
          soci::use(statuses), soci::use(created);
      if (!dialect_.advance_alert_ids.empty()) sql << dialect_.advance_alert_ids;
    }
    return outcomes;
  });
}

void soci_alert_store::prepare_bulk_import() {
  if (dialect_.set_aside_bulk_indexes.empty()) return;
  db_.transaction([&](soci::session& sql) { sql << dialect_.set_aside_bulk_indexes; });
}

void soci_alert_store::finish_bulk_import() {
  if (dialect_.restore_bulk_indexes.empty()) return;
  db_.transaction([&](soci::session& sql) { sql << dialect_.restore_bulk_indexes; });
}

std::int64_t soci_alert_store::count_not_imported() {
  return db_.read([&](soci::session& sql) -> std::int64_t {
    long long total = 0;
    sql << "SELECT COUNT(*) FROM alerts WHERE imported = 0", soci::into(total);
    return total;
  });
}

}  // namespace pricewatch::storage
