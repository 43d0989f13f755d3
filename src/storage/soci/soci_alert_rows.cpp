#include "storage/soci/soci_alert_rows.hpp"

#include "core/time_format.hpp"

#include <algorithm>
#include <unordered_map>

namespace pricewatch::storage {
namespace {

std::optional<time_point> optional_time(long long millis, soci::indicator indicator) {
  if (indicator != soci::i_ok) return std::nullopt;
  return from_unix_millis(millis);
}

std::optional<price> optional_price(long long units, soci::indicator indicator) {
  if (indicator != soci::i_ok) return std::nullopt;
  return price::from_units(units);
}

// One alert of its owner, by id (read_alert).
struct alert_by_id {
  alert_row row;
  long long owner = 0;
  long long id = 0;
  soci::statement statement;

  explicit alert_by_id(soci::session& sql) : statement(sql) {
    row.bind(statement);
    statement.exchange(soci::use(owner, "user_id"));
    statement.exchange(soci::use(id, "id"));
    statement.alloc();
    statement.prepare(std::string(alert_columns) + " WHERE a.user_id = :user_id AND a.id = :id");
    statement.define_and_bind();
  }
};

// The channels one alert names, ascending (read_alert).
struct channels_of_alert {
  long long alert_id = 0;
  long long channel_id = 0;
  soci::statement statement;

  explicit channels_of_alert(soci::session& sql) : statement(sql) {
    statement.exchange(soci::into(channel_id));
    statement.exchange(soci::use(alert_id, "alert_id"));
    statement.alloc();
    statement.prepare("SELECT channel_id FROM alert_channels WHERE alert_id = :alert_id ORDER BY channel_id");
    statement.define_and_bind();
  }
};

}  // namespace

void delivery_row::bind(soci::statement& statement) {
  statement.exchange(soci::into(status, status_indicator));
  statement.exchange(soci::into(attempts, attempts_indicator));
  statement.exchange(soci::into(last_error, last_error_indicator));
  statement.exchange(soci::into(sent_at, sent_at_indicator));
}

std::optional<delivery_state> delivery_row::to_delivery() const {
  if (status_indicator != soci::i_ok) return std::nullopt;
  delivery_state delivery;
  delivery.status = status;
  delivery.attempts = attempts_indicator == soci::i_ok ? attempts : 0;
  if (last_error_indicator == soci::i_ok) delivery.last_error = last_error;
  delivery.sent_at = optional_time(sent_at, sent_at_indicator);
  return delivery;
}

const char* const alert_columns =
    "SELECT a.id, a.user_id, u.email, a.symbol, a.direction, a.target_units, a.status, a.created_at, "
    "a.triggered_at, a.triggered_units, a.percent_bp, a.move_window, a.frequency, a.cooldown_seconds, a.expires_at, "
    "a.note, a.fire_count, a.last_fired_at, a.last_fired_units, a.exchange, "
    "CASE WHEN n.status = 'pending' AND n.held_until IS NOT NULL AND n.next_attempt_at = n.held_until THEN 'held' ELSE n.status END, n.attempts, n.last_error, n.sent_at "
    "FROM alerts a JOIN users u ON u.id = a.user_id LEFT JOIN notifications n ON n.id = "
    "(SELECT MIN(n2.id) FROM notifications n2 WHERE n2.firing_id = a.last_firing_id)";

void alert_row::bind(soci::statement& statement) {
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
  statement.exchange(soci::into(percent_bp));
  statement.exchange(soci::into(window, window_indicator));
  statement.exchange(soci::into(frequency));
  statement.exchange(soci::into(cooldown_seconds));
  statement.exchange(soci::into(expires_at, expires_at_indicator));
  statement.exchange(soci::into(note));
  statement.exchange(soci::into(fire_count));
  statement.exchange(soci::into(last_fired_at, last_fired_at_indicator));
  statement.exchange(soci::into(last_fired_units, last_fired_units_indicator));
  statement.exchange(soci::into(exchange));
  delivery.bind(statement);
}

alert alert_row::to_alert() const {
  alert result;
  result.id = id;
  result.user_id = user_id;
  result.owner_email = email;
  result.exchange = exchange_named(exchange).value_or(exchange_id::binance);
  result.symbol = symbol;
  result.condition = parse_condition(condition).value_or(alert_condition::above);
  result.target = price::from_units(target_units);
  result.status = parse_status(status).value_or(alert_status::created);
  result.created_at = from_unix_millis(created_at);
  result.triggered_at = optional_time(triggered_at, triggered_at_indicator);
  result.triggered_price = optional_price(triggered_units, triggered_units_indicator);
  result.delivery = delivery.to_delivery();
  result.percent_bp = static_cast<std::int32_t>(percent_bp);
  // NULL unless moving: the window is then the default, as an alert_request leaves it.
  if (window_indicator == soci::i_ok) result.window = parse_window(window).value_or(move_window::m1);
  result.frequency = parse_frequency(frequency).value_or(alert_frequency::once);
  result.cooldown = std::chrono::seconds(cooldown_seconds);
  result.expires_at = optional_time(expires_at, expires_at_indicator);
  result.note = note;
  result.fire_count = fire_count;
  result.last_fired_at = optional_time(last_fired_at, last_fired_at_indicator);
  result.last_fired_price = optional_price(last_fired_units, last_fired_units_indicator);
  return result;
}

std::optional<alert> read_alert(soci::session& sql, prepared_statements& prepared, std::int64_t user_id,
                                std::int64_t alert_id) {
  auto& one = prepared.get<alert_by_id>(sql);
  one.owner = user_id;
  one.id = alert_id;
  if (!execute_one_row(one.statement)) return std::nullopt;
  auto found = one.row.to_alert();
  auto& named = prepared.get<channels_of_alert>(sql);
  named.alert_id = alert_id;
  if (named.statement.execute(true)) {
    do {
      found.channels.push_back(named.channel_id);
    } while (named.statement.fetch());
  }
  return found;
}

const char* const firing_columns =
    "SELECT f.id, f.alert_id, f.user_id, f.sequence, f.symbol, f.direction, f.target_units, f.percent_bp, "
    "f.price_units, f.fired_at, COALESCE((SELECT a.exchange FROM alerts a WHERE a.id = f.alert_id), 'binance') "
    "FROM firings f";

void firing_row::bind(soci::statement& statement) {
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(alert_id));
  statement.exchange(soci::into(user_id));
  statement.exchange(soci::into(sequence));
  statement.exchange(soci::into(symbol));
  statement.exchange(soci::into(condition));
  statement.exchange(soci::into(target_units));
  statement.exchange(soci::into(percent_bp));
  statement.exchange(soci::into(price_units));
  statement.exchange(soci::into(fired_at));
  statement.exchange(soci::into(exchange));
}

firing_record firing_row::to_record() const {
  firing_record record;
  record.id = id;
  record.alert_id = alert_id;
  record.user_id = user_id;
  record.sequence = sequence;
  record.symbol = symbol;
  record.condition = parse_condition(condition).value_or(alert_condition::above);
  record.target = price::from_units(target_units);
  record.percent_bp = static_cast<std::int32_t>(percent_bp);
  record.fired_price = price::from_units(price_units);
  record.fired_at = from_unix_millis(fired_at);
  record.exchange = exchange_named(exchange).value_or(exchange_id::binance);
  return record;
}

void attach_channels(soci::session& sql, std::vector<alert>& alerts) {
  if (alerts.empty()) return;
  std::vector<long long> ids;
  std::unordered_map<long long, alert*> by_id;
  for (auto& item : alerts) {
    ids.push_back(item.id);
    by_id[item.id] = &item;
  }
  long long alert_id = 0, channel_id = 0;
  for (std::size_t from = 0; from < ids.size(); from += ids_per_statement) {
    soci::statement select = (sql.prepare << "SELECT alert_id, channel_id FROM alert_channels WHERE alert_id IN (" +
                                                 id_list(ids, from, ids_per_statement) + ") ORDER BY alert_id, channel_id",
                              soci::into(alert_id), soci::into(channel_id));
    if (!select.execute(true)) continue;
    do {
      by_id.at(alert_id)->channels.push_back(channel_id);
    } while (select.fetch());
  }
}

void store_alert_channels(soci::session& sql, long long alert_id, const std::vector<std::int64_t>& channels) {
  sql << "DELETE FROM alert_channels WHERE alert_id = :alert_id", soci::use(alert_id);
  add_alert_channels(sql, alert_id, channels);
}

void add_alert_channels(soci::session& sql, long long alert_id, const std::vector<std::int64_t>& channels) {
  long long channel_id = 0;
  if (channels.empty()) return;
  soci::statement insert = (sql.prepare << "INSERT INTO alert_channels (alert_id, channel_id) VALUES (:alert_id, :channel_id)",
                            soci::use(alert_id), soci::use(channel_id));
  for (const auto id : channels) {
    channel_id = id;
    insert.execute(true);
  }
}

void attach_deliveries(soci::session& sql, std::vector<firing_record>& firings) {
  if (firings.empty()) return;
  std::vector<long long> ids;
  std::unordered_map<long long, firing_record*> by_id;
  for (auto& item : firings) {
    ids.push_back(item.id);
    by_id[item.id] = &item;
  }
  long long firing_id = 0, channel_id = 0;
  soci::indicator channel_indicator = soci::i_null;
  std::string type;
  delivery_row row;
  for (std::size_t from = 0; from < ids.size(); from += ids_per_statement) {
    soci::statement select(sql);
    select.exchange(soci::into(firing_id));
    select.exchange(soci::into(channel_id, channel_indicator));
    select.exchange(soci::into(type));
    row.bind(select);
    select.alloc();
    // Held: waiting for its quiet hours or digest window to end (a hold sets both times alike).
    select.prepare("SELECT n.firing_id, n.channel_id, n.channel_type, CASE WHEN n.status = 'pending' AND n.held_until IS NOT NULL AND n.next_attempt_at = n.held_until THEN 'held' ELSE n.status END, n.attempts, "
                   "n.last_error, n.sent_at "
                   "FROM notifications n WHERE n.firing_id IN (" + id_list(ids, from, ids_per_statement) +
                   ") ORDER BY n.firing_id, n.channel_id");
    select.define_and_bind();
    if (!select.execute(true)) continue;
    do {
      auto delivery = row.to_delivery();
      if (!delivery) continue;
      if (channel_indicator == soci::i_ok) delivery->channel_id = channel_id;
      delivery->type = type;
      by_id.at(firing_id)->deliveries.push_back(std::move(*delivery));
    } while (select.fetch());
  }
}

std::string id_list(const std::vector<long long>& ids, std::size_t from, std::size_t count) {
  std::string list;
  const auto end = std::min(ids.size(), from + count);
  for (auto index = from; index < end; ++index) {
    if (!list.empty()) list += ',';
    list += std::to_string(ids[index]);
  }
  return list;
}

}  // namespace pricewatch::storage
