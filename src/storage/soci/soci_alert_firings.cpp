// The firing side of the SOCI alert store: fire() as the watchers hand firings in, and the
// history of firings as their owners list it.
#include "storage/soci/soci_alert_store.hpp"

#include "alerts/firing_parts.hpp"
#include "core/time_format.hpp"
#include "storage/soci/soci_alert_rows.hpp"

#include <soci/soci.h>

#include <optional>
#include <string_view>
#include <utility>
#include <unordered_map>
#include <unordered_set>

namespace pricewatch::storage {
namespace {

// The exchange an outbox row tells of, as SQL over the firing f: its alert's, as it fired.
constexpr std::string_view firing_exchange = "(SELECT a.exchange FROM alerts a WHERE a.id = f.alert_id)";

// A firing stored by fire(): the batch's item and the firings row made for it.
struct stored_firing {
  const firing* item = nullptr;
  long long firing_id = 0;
  long long sequence = 0;
};

// What a fired_record says of its alert besides the firing, read once per alert of the batch.
struct fired_alert_fields {
  long long user_id = 0;
  std::string symbol;
  alert_condition condition = alert_condition::above;
  price target;
  std::int32_t percent_bp = 0;
  move_window window = move_window::m1;
  alert_frequency frequency = alert_frequency::once;
  time_point created_at;
  exchange_id exchange = exchange_id::binance;
  std::chrono::seconds cooldown{60};
};

// The fields of the alerts listed ("1,2,3"), by id.
void read_fired_alerts(soci::session& sql, const std::string& ids,
                       std::unordered_map<long long, fired_alert_fields>& fields) {
  long long id = 0, user_id = 0, target = 0, percent_bp = 0, created_at = 0, cooldown = 0;
  std::string symbol, condition, window, frequency, exchange;
  soci::indicator window_indicator = soci::i_null;
  soci::statement select =
      (sql.prepare << "SELECT id, user_id, symbol, direction, target_units, percent_bp, move_window, frequency, "
                      "created_at, exchange, cooldown_seconds FROM alerts WHERE id IN (" + ids + ")",
       soci::into(id), soci::into(user_id), soci::into(symbol), soci::into(condition), soci::into(target),
       soci::into(percent_bp), soci::into(window, window_indicator), soci::into(frequency), soci::into(created_at),
       soci::into(exchange), soci::into(cooldown));
  if (!select.execute(true)) return;
  do {
    auto& alert = fields[id];
    alert.user_id = user_id;
    alert.symbol = symbol;
    alert.condition = parse_condition(condition).value_or(alert_condition::above);
    alert.target = price::from_units(target);
    alert.percent_bp = static_cast<std::int32_t>(percent_bp);
    alert.window = window_indicator == soci::i_ok ? parse_window(window).value_or(move_window::m1) : move_window::m1;
    alert.frequency = parse_frequency(frequency).value_or(alert_frequency::once);
    alert.created_at = from_unix_millis(created_at);
    alert.exchange = exchange_named(exchange).value_or(exchange_id::binance);
    alert.cooldown = std::chrono::seconds(cooldown);
  } while (select.fetch());
}

// The WHERE clause of a firing_filter and its bound values, which must outlive the statement.
struct firing_filter_binding {
  long long user_id = 0;
  long long alert_id = 0;
  std::string symbol;
  long long since = 0;
  const firing_filter& filter;
  std::string where;

  explicit firing_filter_binding(const firing_filter& chosen) : user_id(chosen.user_id), filter(chosen) {
    where = " WHERE f.user_id = :user_id";
    if (filter.alert_id) {
      alert_id = *filter.alert_id;
      where += " AND f.alert_id = :alert_id";
    }
    if (filter.symbol) {
      symbol = *filter.symbol;
      where += " AND f.symbol = :symbol";
    }
    if (filter.since) {
      since = to_unix_millis(*filter.since);
      where += " AND f.fired_at >= :since";
    }
  }

  void bind(soci::statement& statement) {
    statement.exchange(soci::use(user_id, "user_id"));
    if (filter.alert_id) statement.exchange(soci::use(alert_id, "alert_id"));
    if (filter.symbol) statement.exchange(soci::use(symbol, "symbol"));
    if (filter.since) statement.exchange(soci::use(since, "since"));
  }
};

// Compare-and-set on the alert's status and last firing (alerts/notification.hpp): still created,
// not expired by the firing's time and, recurring, its last firing at least its cooldown before.
// So a firing that several watchers hand in (the same trade, seen by each) is stored once. Its
// first firing is its triggered_at; a `once` alert is then triggered. WHERE's alert condition and
// the values :at and :price are the caller's.
constexpr std::string_view mark_alerts =
    "UPDATE alerts SET fire_count = fire_count + 1, last_fired_at = :at, last_fired_units = :price, "
    "triggered_units = COALESCE(triggered_units, :first_price), triggered_at = COALESCE(triggered_at, :first_at), "
    "status = CASE frequency WHEN 'once' THEN 'triggered' ELSE status END "
    "WHERE status = 'created' AND (expires_at IS NULL OR expires_at > :expiry_at) "
    "AND (frequency = 'once' OR last_fired_at IS NULL OR last_fired_at + cooldown_seconds * 1000 <= :cooled_at) AND ";

// The firing as the alert stands once marked: its sequence is the fire count just set. The
// alerts it is made for (a WHERE or a JOIN) and the values :price and :at are the caller's.
constexpr std::string_view record_firings =
    "INSERT INTO firings (alert_id, user_id, sequence, symbol, direction, target_units, percent_bp, price_units, "
    "fired_at) SELECT alerts.id, alerts.user_id, alerts.fire_count, alerts.symbol, alerts.direction, "
    "alerts.target_units, alerts.percent_bp, :price, :at FROM alerts ";

// Marks the part's alerts (one tick's firings, each alert once) and records a firing for each
// that was marked: two statements. The firings made, in the part's order.
std::vector<stored_firing> mark_part(soci::session& sql, std::span<const firing> part) {
  long long at = to_unix_millis(part.front().at), price_units = part.front().triggered_price.units();
  std::vector<long long> ids;
  ids.reserve(part.size());
  for (const auto& item : part) ids.push_back(item.alert_id);
  long long id = 0;
  std::vector<long long> marked;
  soci::statement mark =
      (sql.prepare << std::string(mark_alerts) + "id IN (" + id_list(ids, 0, ids.size()) + ") RETURNING id",
       soci::use(at, "at"), soci::use(price_units, "price"), soci::use(price_units, "first_price"),
       soci::use(at, "first_at"), soci::use(at, "expiry_at"), soci::use(at, "cooled_at"), soci::into(id));
  if (mark.execute(true)) {
    do {
      marked.push_back(id);
    } while (mark.fetch());
  }
  if (marked.empty()) return {};
  // The firings are made in the part's order, as the watcher handed them in (their ids, and so
  // their outbox rows, in the order they fired): the marked alerts with their place, as VALUES
  // (integers read from the database and positions), joined to their rows.
  const std::unordered_set<long long> was_marked(marked.begin(), marked.end());
  std::string in_order;
  for (std::size_t place = 0; place < part.size(); ++place) {
    if (!was_marked.contains(part[place].alert_id)) continue;
    in_order += (in_order.empty() ? "(" : ",(") + std::to_string(part[place].alert_id) + "," + std::to_string(place) + ")";
  }
  long long alert_id = 0, firing_id = 0, sequence = 0;
  std::unordered_map<long long, std::pair<long long, long long>> made;  // alert -> (firing, sequence)
  soci::statement record =
      (sql.prepare << std::string(record_firings) + "JOIN (VALUES " + in_order +
                          ") AS part ON part.column1 = alerts.id ORDER BY part.column2 RETURNING id, alert_id, sequence",
       soci::use(price_units, "price"), soci::use(at, "at"), soci::into(firing_id), soci::into(alert_id),
       soci::into(sequence));
  if (record.execute(true)) {
    do {
      made.emplace(alert_id, std::make_pair(firing_id, sequence));
    } while (record.fetch());
  }
  std::vector<stored_firing> stored;
  for (const auto& item : part) {
    if (const auto found = made.find(item.alert_id); found != made.end()) {
      stored.push_back(stored_firing{&item, found->second.first, found->second.second});
    }
  }
  return stored;
}

// Firing by firing, where UPDATE returns nothing (MariaDB): its two statements prepared once per
// connection (prepared_statements.hpp).
class one_by_one_marker {
 public:
  explicit one_by_one_marker(soci::session& sql)
      : mark_((sql.prepare << std::string(mark_alerts) + "id = :id", soci::use(at_, "at"), soci::use(price_, "price"),
               soci::use(price_, "first_price"), soci::use(at_, "first_at"), soci::use(at_, "expiry_at"),
               soci::use(at_, "cooled_at"), soci::use(alert_id_, "id"))),
        record_((sql.prepare << std::string(record_firings) + "WHERE id = :id RETURNING id, sequence",
                 soci::use(price_, "price"), soci::use(at_, "at"), soci::use(alert_id_, "id"), soci::into(firing_id_),
                 soci::into(sequence_))) {}

  // The firing made, or nothing when the alert was not marked (deleted, paused or expired, or
  // this firing made by another watcher first).
  std::optional<stored_firing> mark(const firing& item) {
    alert_id_ = item.alert_id;
    price_ = item.triggered_price.units();
    at_ = to_unix_millis(item.at);
    mark_.execute(true);
    if (mark_.get_affected_rows() != 1) return std::nullopt;
    execute_one_row(record_);
    return stored_firing{&item, firing_id_, sequence_};
  }

 private:
  long long alert_id_ = 0, price_ = 0, at_ = 0, firing_id_ = 0, sequence_ = 0;
  soci::statement mark_;
  soci::statement record_;
};

}  // namespace

std::vector<fired_record> soci_alert_store::fire(std::span<const firing> batch, time_point now) {
  if (batch.empty()) return {};
  // One write transaction for the batch (up to the watcher's 10,000 firings). Where UPDATE can
  // return what it changed (SQLite, PostgreSQL), the alerts are marked and their firings recorded
  // by the part (alerts/firing_parts.hpp: one tick's firings, 500 at most), two statements a part:
  // a firing a statement cost about ten times as much (92 us a firing on SQLite; a storm of
  // 100,000 took 11 s to trigger). MariaDB marks alert by alert. The rest is done per batch, by
  // ids in parts.
  return db_.transaction([&](soci::session& sql) {
    long long now_ms = to_unix_millis(now);
    std::vector<stored_firing> stored;
    std::vector<long long> firing_ids;
    std::vector<long long> alert_ids;  // of the firings stored, once each
    std::unordered_map<long long, fired_alert_fields> fields;
    const auto keep = [&](const stored_firing& made) {
      stored.push_back(made);
      firing_ids.push_back(made.firing_id);
      if (fields.try_emplace(made.item->alert_id).second) alert_ids.push_back(made.item->alert_id);
    };
    if (dialect_.update_returning) {
      for (const auto part : firing_parts(batch, ids_per_statement)) {
        for (const auto& made : mark_part(sql, part)) keep(made);
      }
    } else {
      auto& marker = db_.prepared(sql).get<one_by_one_marker>(sql);
      for (const auto& item : batch) {
        if (const auto made = marker.mark(item)) keep(*made);
      }
    }
    for (std::size_t from = 0; from < firing_ids.size(); from += ids_per_statement) {
      // A pending notification per firing and channel (DESIGN.md section 10), in the order they
      // fired: the active channels the alert names, or, naming none, its owner's active defaults.
      // The alert's fields by subqueries, not joins: joined, MariaDB may read the owner first and
      // then every firing of theirs for each part (ten times slower for a batch of 10,000).
      const auto firings = id_list(firing_ids, from, ids_per_statement);
      sql << "INSERT INTO notifications (alert_id, user_id, recipient, symbol, direction, target_units, price_units, "
             "status, attempts, next_attempt_at, created_at, firing_id, firing_sequence, percent_bp, move_window, "
             "frequency, cooldown_seconds, channel_id, channel_type, note, exchange) "
             "SELECT f.alert_id, f.user_id, c.recipient, f.symbol, "
             "f.direction, f.target_units, f.price_units, 'pending', 0, :due, :created, f.id, f.sequence, f.percent_bp, "
             "(SELECT a.move_window FROM alerts a WHERE a.id = f.alert_id), "
             "(SELECT a.frequency FROM alerts a WHERE a.id = f.alert_id), "
             "(SELECT a.cooldown_seconds FROM alerts a WHERE a.id = f.alert_id), c.id, c.type, "
             "(SELECT a.note FROM alerts a WHERE a.id = f.alert_id), " + std::string(firing_exchange) + " "
             "FROM firings f JOIN channels c ON c.user_id = f.user_id AND c.status = 'active' "
             "WHERE f.id IN (" + firings + ") AND (EXISTS (SELECT 1 FROM alert_channels ac WHERE ac.alert_id = f.alert_id "
             "AND ac.channel_id = c.id) OR (c.is_default = 1 AND NOT EXISTS (SELECT 1 FROM alert_channels ac2 "
             "WHERE ac2.alert_id = f.alert_id))) ORDER BY f.id, c.id",
          soci::use(now_ms, "due"), soci::use(now_ms, "created");
    }
    for (std::size_t from = 0; from < alert_ids.size(); from += ids_per_statement) {
      const auto alerts = id_list(alert_ids, from, ids_per_statement);
      sql << "UPDATE alerts SET last_firing_id = (SELECT f.id FROM firings f WHERE f.alert_id = alerts.id "
             "AND f.sequence = alerts.fire_count) WHERE id IN (" + alerts + ")";
      read_fired_alerts(sql, alerts, fields);
    }
    std::vector<fired_record> fired;
    fired.reserve(stored.size());
    for (const auto& [item, id, number] : stored) {
      const auto& alert = fields.at(item->alert_id);
      fired_record made{item->alert_id,  alert.user_id,          alert.symbol, alert.condition,
                        alert.target,    alert.created_at,       item->triggered_price, item->at};
      made.firing_id = id;
      made.sequence = number;
      made.final = alert.frequency == alert_frequency::once;
      made.percent_bp = alert.percent_bp;
      made.window = alert.window;
      made.frequency = alert.frequency;
      made.exchange = alert.exchange;
      made.cooldown = alert.cooldown;
      fired.push_back(std::move(made));
    }
    return fired;
  });
}

std::int64_t soci_alert_store::count_firings(const firing_filter& filter) {
  return db_.read([&](soci::session& sql) -> std::int64_t {
    firing_filter_binding binding(filter);
    return count_where(sql, "firings f", binding);
  });
}

std::vector<firing_record> soci_alert_store::list_firings(const firing_filter& filter, std::int64_t offset,
                                                          std::int64_t limit) {
  return db_.read([&](soci::session& sql) {
    firing_filter_binding binding(filter);
    firing_row row;
    soci::statement statement(sql);
    row.bind(statement);
    binding.bind(statement);
    statement.alloc();
    // offset and limit are integers validated by the caller (as list() spells them).
    statement.prepare(std::string(firing_columns) + binding.where + " ORDER BY f.id DESC LIMIT " +
                      std::to_string(limit) + " OFFSET " + std::to_string(offset));
    statement.define_and_bind();
    std::vector<firing_record> page;
    if (statement.execute(true)) {
      do {
        page.push_back(row.to_record());
      } while (statement.fetch());
    }
    attach_deliveries(sql, page);
    return page;
  });
}

}  // namespace pricewatch::storage
