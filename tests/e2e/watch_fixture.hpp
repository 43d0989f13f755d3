// A test with its own fake exchange, SMTP sink and pricewatch pointed at both (started afresh for
// every test), and helpers for users, alerts, metrics and the mails they cause.
#pragma once

#include "e2e_fixture.hpp"
#include "exchange_control.hpp"
#include "maildir.hpp"

#include <gtest/gtest.h>

#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch::e2e {

class watch_test : public ::testing::Test {
 protected:
  // Extra PRICEWATCH_* settings, for fixtures derived from this one; read by start_pricewatch().
  environment_list extra_environment;

  void SetUp() override;     // starts the exchange, the sink, then start_services()
  void TearDown() override;  // stops pricewatch with SIGTERM; prints the logs when the test failed

  // What SetUp starts after the exchange and the sink: one pricewatch playing every role.
  virtual void start_services() { start_pricewatch(); }

  // Starts pricewatch on this test's directory (its database and working directory): the build's
  // binary, or the one PRICEWATCH_E2E_BINARY names, with these arguments, ready when it logs a
  // line matching ready_pattern (service_options). extra_environment overrides the defaults.
  service_process& start_pricewatch(std::vector<std::string> arguments = {"serve"},
                                    std::string ready_pattern = service_options{}.ready_pattern);
  // SIGKILLs the running pricewatch and reaps it: no chance to finish anything.
  void kill_pricewatch();
  // SIGKILLs the fake exchange: its stream and REST API vanish at once.
  void kill_exchange();

  service_process& pricewatch() { return *runs_.back(); }
  // Where the helpers below send their requests: the last pricewatch started, unless overridden.
  virtual http_client api() { return http_client(pricewatch().port()); }
  const std::filesystem::path& directory() const { return directory_.path(); }
  // Every pricewatch started so far, in order.
  const std::vector<std::unique_ptr<service_process>>& runs() const { return runs_; }
  exchange_control& exchange() { return *exchange_; }
  // The fake exchange's port, which serves Coinbase's and Kraken's formats too (for a fixture that
  // points those exchanges at it).
  unsigned short exchange_port() const;
  const maildir& mail() const { return *mail_; }
  // The SMTP sink's URL, as the services get it in PRICEWATCH_MAIL_URL.
  std::string mail_url() const;

  // POST /api/v1/users and /api/v1/tokens.
  test_user register_user(std::string_view tag);
  // POST /api/v1/alerts; the new id, or 0 and a failure.
  std::int64_t create_alert(const test_user& owner, std::string_view symbol, std::string_view condition,
                            std::string_view price);
  // create_alert, then waits until the exchange shows the symbol's stream subscribed, so that
  // prices pushed next reach the watcher.
  std::int64_t create_watched_alert(const test_user& owner, std::string_view symbol, std::string_view condition,
                                    std::string_view price);
  // GET /api/v1/alerts/{id}; null and a failure unless 200.
  boost::json::value alert(const test_user& owner, std::int64_t id);
  std::string status_of(const test_user& owner, std::int64_t id);
  // Polls the alert until its status is that one; false (and a failure naming the alert) at 10 s.
  bool wait_for_status(const test_user& owner, std::int64_t id, std::string_view status);

  // Whether GET /api/v1/prices/{symbol} shows the watcher's own price (source "feed"), rather than
  // the exchange's ticker, which it gives for a symbol the watcher has no current price of.
  bool watcher_has_price(std::string_view symbol);

  // The value of one /metrics sample, e.g. "pricewatch_feed_ignored_total{reason=\"stale\"}";
  // -1 and a failure when absent.
  std::int64_t metric(std::string_view sample);
  // The same, from one process's /metrics (scaled out: a watcher's, a notifier's).
  std::int64_t metric(std::string_view sample, const service_process& from);

  // The stored mails, by the alert id their Message-ID <alert-<id>@localhost> names.
  std::map<std::int64_t, std::vector<received_mail>> mails_by_alert() const;

  // Checks one alert mail: envelope and headers to the owner, subject, Message-ID, both parts,
  // and the facts in them (prices as the mail prints them, e.g. "51000.50" and "51000.00").
  static void expect_alert_mail(const received_mail& message, const test_user& owner, std::int64_t id,
                                std::string_view symbol, std::string_view condition, std::string_view current,
                                std::string_view threshold);

 private:
  static std::int64_t metric_in(const http_response& response, std::string_view sample);

  temp_directory directory_;
  std::unique_ptr<maildir> mail_;
  std::unique_ptr<service_process> sink_;
  std::unique_ptr<service_process> exchange_process_;
  std::unique_ptr<exchange_control> exchange_;
  std::vector<std::unique_ptr<service_process>> runs_;  // every pricewatch started, for the logs
};

}  // namespace pricewatch::e2e
