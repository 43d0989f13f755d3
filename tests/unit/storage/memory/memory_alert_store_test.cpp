// Tests the in-memory alert store against the alert_store contract: owner scoping, soft delete,
// newest-first lists, the active alerts oldest first, firing by compare-and-set, and imports that
// keep their ids.
#include "storage/memory/memory_alert_store.hpp"

#include "core/time_format.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

price at(std::string_view text) { return *price::parse(text); }
const time_point now = from_unix_millis(1'700'000'000'000);

TEST(memory_alert_store, scopes_every_alert_to_its_owner) {
  memory_alert_store store;
  const auto mine = store.create(1, level_request("BTCUSDT", alert_condition::above, at("100")), now);
  EXPECT_EQ(store.find(1, mine.id)->target, at("100"));
  EXPECT_EQ(store.find(2, mine.id), std::nullopt);
  EXPECT_EQ(store.mark_deleted(2, mine.id), delete_outcome::not_found);
  EXPECT_EQ(store.count(alert_filter{2, {}, {}, {}}), 0);
  EXPECT_EQ(store.count(alert_filter{1, {}, {}, {}}), 1);
}

TEST(memory_alert_store, deletes_softly_once_and_never_a_triggered_alert) {
  memory_alert_store store;
  const auto doomed = store.create(1, level_request("BTCUSDT", alert_condition::above, at("100")), now);
  const auto fired = store.create(1, level_request("BTCUSDT", alert_condition::above, at("90")), now);
  EXPECT_EQ(store.mark_deleted(1, doomed.id), delete_outcome::deleted);
  EXPECT_EQ(store.mark_deleted(1, doomed.id), delete_outcome::already_deleted);
  EXPECT_EQ(store.find(1, doomed.id)->status, alert_status::deleted);
  const firing batch[] = {{fired.id, at("95"), now}};
  store.fire(batch, now);
  EXPECT_EQ(store.mark_deleted(1, fired.id), delete_outcome::deleted);
  EXPECT_EQ(store.find(1, fired.id)->status, alert_status::deleted);
}

TEST(memory_alert_store, lists_by_page_and_filter_in_either_order) {
  memory_alert_store store;
  std::vector<std::int64_t> ids;
  for (int index = 0; index < 5; ++index) {
    ids.push_back(store.create(1, level_request(index % 2 ? "ETHUSDT" : "BTCUSDT", alert_condition::above, at("1")), now).id);
  }
  const auto page = store.list(alert_filter{1, {}, {}, {}}, list_order::newest_first, 1, 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, ids[3]);
  EXPECT_EQ(page[1].id, ids[2]);
  const auto oldest = store.list(alert_filter{1, {}, {}, {}}, list_order::oldest_first, 1, 2);
  ASSERT_EQ(oldest.size(), 2u);
  EXPECT_EQ(oldest[0].id, ids[1]);
  EXPECT_EQ(oldest[1].id, ids[2]);
  const auto eth = store.list(alert_filter{1, {}, std::string("ETHUSDT"), {}}, list_order::oldest_first, 0, 10);
  ASSERT_EQ(eth.size(), 2u);
  EXPECT_EQ(eth[0].id, ids[1]);
  EXPECT_EQ(store.count(alert_filter{1, {}, std::string("ETHUSDT"), {}}), 2);
  EXPECT_EQ(store.count(alert_filter{1, alert_status::created, {}, {}}), 5);
}

TEST(memory_alert_store, fires_only_alerts_still_created_once_and_loads_the_rest_oldest_first) {
  memory_alert_store store;
  const auto first = store.create(1, level_request("BTCUSDT", alert_condition::above, at("100")), now);
  const auto second = store.create(2, level_request("ETHUSDT", alert_condition::below, at("50")), now);
  const auto deleted = store.create(2, level_request("ETHUSDT", alert_condition::below, at("60")), now);
  const auto third = store.create(2, level_request("SOLUSDT", alert_condition::above, at("5")), now);
  store.mark_deleted(2, deleted.id);
  EXPECT_EQ(store.count_active(), 3);

  const auto later = now + std::chrono::seconds(1);
  const firing batch[] = {
      {first.id, at("101"), later}, {deleted.id, at("40"), later}, {first.id, at("102"), later}, {second.id, at("49"), later}};
  const auto fired = store.fire(batch, later);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].alert_id, first.id);
  EXPECT_EQ(fired[0].user_id, 1);
  EXPECT_EQ(fired[0].triggered_price, at("101"));
  EXPECT_EQ(fired[1].alert_id, second.id);
  const auto stored = store.find(1, first.id);
  EXPECT_EQ(stored->status, alert_status::triggered);
  EXPECT_EQ(stored->triggered_price, at("101"));
  EXPECT_EQ(stored->triggered_at, now + std::chrono::seconds(1));
  EXPECT_EQ(stored->delivery->status, "pending");

  const auto active = store.load_active();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].id, third.id);
  EXPECT_EQ(active[0].symbol, "SOLUSDT");
}

imported_alert imported(std::int64_t id, std::int64_t owner, alert_status status = alert_status::created) {
  return imported_alert{id, owner, level_request("BTCUSDT", alert_condition::above, at("51000")), status, now};
}

TEST(memory_alert_store, imports_alerts_with_their_ids_and_creates_new_ones_above_them) {
  memory_alert_store store;
  const imported_alert batch[] = {imported(40, 1), imported(7, 2, alert_status::triggered)};
  EXPECT_EQ(store.import_alerts(batch), (std::vector{import_outcome::stored, import_outcome::stored}));
  EXPECT_EQ(store.find(1, 40)->target, at("51000"));
  EXPECT_EQ(store.find(2, 7)->status, alert_status::triggered);
  EXPECT_EQ(store.load_active().size(), 1u);
  EXPECT_EQ(store.create(1, level_request("BTCUSDT", alert_condition::above, at("1")), now).id, 41);
  EXPECT_EQ(store.count_not_imported(), 1);
}

TEST(memory_alert_store, an_imported_id_already_held_is_left_as_it_is) {
  memory_alert_store store;
  const auto made_here = store.create(1, level_request("ETHUSDT", alert_condition::below, at("5")), now);
  const imported_alert first[] = {imported(9, 1)};
  ASSERT_EQ(store.import_alerts(first), std::vector{import_outcome::stored});
  const imported_alert again[] = {imported(9, 1), imported(9, 2), imported(made_here.id, 1)};
  EXPECT_EQ(store.import_alerts(again),
            (std::vector{import_outcome::already_imported, import_outcome::taken, import_outcome::taken}));
  EXPECT_EQ(store.find(1, made_here.id)->symbol, "ETHUSDT");
  EXPECT_EQ(store.count_not_imported(), 1);
}

}  // namespace
}  // namespace pricewatch
