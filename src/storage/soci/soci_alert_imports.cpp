// The import side of the SOCI alert store: the original service's alerts stored with their own
// ids (pricewatch import-original), and the index set aside during a bulk import.
#include "storage/soci/soci_alert_store.hpp"

#include "core/time_format.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <unordered_map>

namespace pricewatch::storage {
namespace {

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
