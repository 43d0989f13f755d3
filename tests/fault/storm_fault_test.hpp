// A server taken away mid-storm: the shared part of the fault tests that stop or pause a backend
// (tests/fault/database_faults_test.cpp, queue_faults_test.cpp). 2,000 alerts of 20 users fire at
// one price; once the first 50 are mailed the fault begins, the API is probed for 10 s (a user's
// list and a new alert every half second: each must be 2xx or 503, never another status, never
// a hang past 10 s), then the server comes back and every alert must be mailed: 0 lost,
// duplicates no more than the deliveries in flight. PRICEWATCH_FAULT_ALERTS resizes the storm.
#pragma once

#include "watch_fixture.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace pricewatch::e2e {

class storm_fault_test : public watch_test {
 protected:
  // What the API answered while the server was away.
  struct probe_figures {
    std::map<int, int> statuses;  // status -> count; 0: no answer within 10 s, -1: no connection
    double slowest_s = 0;
  };

  // Where users, alerts and probes go: the process playing the api role.
  virtual unsigned short api_port() { return pricewatch().port(); }
  // The process whose trigger engine must hold the storm's alerts before the price moves.
  virtual const service_process& watcher() { return pricewatch(); }
  // Deliveries in flight at most at any moment: the bound on duplicates.
  virtual int deliveries_in_flight() const = 0;

  // The storm, `away` once 50 mails are out, 10 s of probes, `back`, then every mail; asserts and
  // prints the figures, naming the fault.
  void storm_through(const std::string& fault, const std::function<void()>& away, const std::function<void()>& back);

  // alerts alerts of 20 users, all below 60000, in the watcher's engine; their ids.
  std::vector<std::int64_t> storm_alerts(int alerts);
  // Waits until every alert is mailed, then for a sentinel fired last (its mail comes after any
  // late duplicate of the storm would have); counts what is missing and what came twice.
  struct mail_count {
    bool all = false;
    int lost = 0;
    int doubled = 0;
    double mailed_s = 0;  // since the storm's price
  };
  mail_count count_mails(const std::vector<std::int64_t>& ids, std::chrono::steady_clock::time_point storm);

 private:
  probe_figures probe_for(std::chrono::seconds length);

  test_user owner_;
};

}  // namespace pricewatch::e2e
