#include "redis_test_keys.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <unistd.h>

namespace pricewatch::test_support {
namespace {

std::string test_prefix() {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(test->test_suite_name()) + "." + test->name();
  // Only characters that mean nothing to SCAN's MATCH pattern.
  for (auto& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.') c = '_';
  }
  return "pwtest:" + std::to_string(getpid()) + ":" + name + ":";
}

}  // namespace

redis_test_keys::~redis_test_keys() {
  if (admin_) clear();
}

void redis_test_keys::open() {
  const char* url = std::getenv(redis_url_variable);
  ASSERT_NE(url, nullptr) << redis_url_variable
                          << " is not set: the Redis tests need a Redis to talk to. Start one, e.g.\n"
                             "  redis-server --port 56390 --bind 127.0.0.1 --save '' --daemonize yes\n"
                             "and run with "
                          << redis_url_variable << "=redis://127.0.0.1:56390/15";
  url_ = url;
  prefix_ = test_prefix();
  admin_ = std::make_unique<redis_client>(url_, clock_, redis_timeouts{std::chrono::seconds(2), std::chrono::seconds(2),
                                                                       std::chrono::milliseconds(0)});
  const auto pong = admin_->run({"PING"});
  ASSERT_TRUE(pong && pong->text == "PONG") << "no Redis answers at " << redis_url_variable << "=" << url_;
  clear();
}

std::vector<std::string> redis_test_keys::keys() {
  std::vector<std::string> found;
  std::string cursor = "0";
  do {
    const auto reply = admin_->run({"SCAN", cursor, "MATCH", prefix_ + "*", "COUNT", "1000"});
    if (!reply || reply->elements.size() != 2) {
      ADD_FAILURE() << "SCAN failed";
      return found;
    }
    cursor = reply->elements[0].text;
    for (const auto& key : reply->elements[1].elements) found.push_back(key.text);
  } while (cursor != "0");
  return found;
}

void redis_test_keys::advance(std::chrono::milliseconds by) {
  for (const auto& key : keys()) {
    const auto ttl = admin_->run({"PTTL", key});
    if (!ttl || ttl->integer < 0) continue;  // no TTL (or gone): time does nothing to it
    if (ttl->integer <= by.count()) {
      admin_->run({"DEL", key});
    } else {
      admin_->run({"PEXPIRE", key, std::to_string(ttl->integer - by.count())});
    }
  }
}

void redis_test_keys::clear() {
  for (const auto& key : keys()) admin_->run({"DEL", key});
}

}  // namespace pricewatch::test_support
