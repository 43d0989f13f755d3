// Tests the Redis URL and the client: argv commands byte for byte, pipelines, the database and
// password of the URL, failures as values with a backoff, and broken connections reopened.
#include "cache/redis/redis_client.hpp"

#include "redis_test_keys.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

TEST(parse_redis_url, reads_host_port_and_database) {
  const auto address = parse_redis_url("redis://127.0.0.1:56390/15");
  EXPECT_EQ(address.host, "127.0.0.1");
  EXPECT_EQ(address.port, 56390);
  EXPECT_EQ(address.database, 15);
  EXPECT_EQ(address.user, "");
  EXPECT_EQ(address.password, "");
  EXPECT_EQ(describe(address), "127.0.0.1:56390/15");
}

TEST(parse_redis_url, defaults_to_port_6379_and_database_0) {
  for (const auto* url : {"redis://cache.internal", "redis://cache.internal/", "redis://cache.internal:6379/0"}) {
    const auto address = parse_redis_url(url);
    EXPECT_EQ(address.host, "cache.internal") << url;
    EXPECT_EQ(address.port, 6379) << url;
    EXPECT_EQ(address.database, 0) << url;
  }
}

TEST(parse_redis_url, reads_a_password_and_a_user) {
  const auto password_only = parse_redis_url("redis://:s%40cret@10.0.0.5:6380/2");
  EXPECT_EQ(password_only.user, "");
  EXPECT_EQ(password_only.password, "s@cret");
  EXPECT_EQ(password_only.host, "10.0.0.5");
  const auto with_user = parse_redis_url("redis://api:pw@10.0.0.5/2");
  EXPECT_EQ(with_user.user, "api");
  EXPECT_EQ(with_user.password, "pw");
}

TEST(parse_redis_url, reads_an_ipv6_host) {
  const auto address = parse_redis_url("redis://[::1]:6380/1");
  EXPECT_EQ(address.host, "::1");
  EXPECT_EQ(describe(address), "[::1]:6380/1");
}

TEST(parse_redis_url, refuses_what_it_cannot_use) {
  for (const auto* url : {"", "redis", "127.0.0.1:6379", "rediss://h:6379/0", "http://h/0", "redis:///0",
                          "redis://h:0/0", "redis://h:65536/0", "redis://h:99999/0", "redis://h:165536/0", "redis://h:port/0", "redis://h:/0", "redis://h/x",
                          "redis://h/-1", "redis://h/1/2", "redis://h/0?timeout=1", "redis://h/0#x",
                          "redis://user@h/0"}) {
    EXPECT_THROW(parse_redis_url(url), std::invalid_argument) << url;
  }
}

TEST(parse_redis_url, never_repeats_a_password_in_its_message) {
  try {
    parse_redis_url("redis://:hunter2@h/nope");
    FAIL() << "accepted a bad database";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    EXPECT_NE(message.find("database"), std::string::npos) << message;
  }
}

class redis_client_test : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(redis_.open()); }

  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  test_support::redis_test_keys redis_;
};

TEST_F(redis_client_test, sends_arguments_byte_for_byte) {
  redis_client client(redis_.url(), clock_);
  const std::string key = redis_.prefix() + std::string("k\0 \"%s\r\n", 8);
  const std::string value("\0\xff *1\r\n$3\r\nGET", 14);
  const auto set = client.run({"SET", key, value});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->type, redis_reply::kind::status);
  EXPECT_EQ(set->text, "OK");
  const auto got = client.run({"GET", key});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->type, redis_reply::kind::string);
  EXPECT_EQ(got->text, value);
  const auto missing = client.run({"GET", redis_.prefix() + "k"});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->type, redis_reply::kind::nil);
  EXPECT_EQ(client.failures(), 0u);
}

TEST_F(redis_client_test, runs_several_commands_in_one_round_trip_in_order) {
  redis_client client(redis_.url(), clock_);
  const auto key = redis_.prefix() + "n";
  const auto replies = client.run_all({{"INCR", key}, {"INCRBY", key, "10"}, {"MGET", key, redis_.prefix() + "none"}});
  ASSERT_TRUE(replies);
  ASSERT_EQ(replies->size(), 3u);
  EXPECT_EQ((*replies)[0].integer, 1);
  EXPECT_EQ((*replies)[1].integer, 11);
  ASSERT_EQ((*replies)[2].type, redis_reply::kind::array);
  ASSERT_EQ((*replies)[2].elements.size(), 2u);
  EXPECT_EQ((*replies)[2].elements[0].text, "11");
  EXPECT_EQ((*replies)[2].elements[1].type, redis_reply::kind::nil);
}

TEST_F(redis_client_test, uses_the_database_of_the_url) {
  redis_client client(redis_.url(), clock_);
  const auto info = client.run({"CLIENT", "INFO"});
  ASSERT_TRUE(info);
  EXPECT_NE(info->text.find(" db=" + std::to_string(client.address().database) + " "), std::string::npos)
      << info->text;
}

// The test Redis has no password, so an AUTH is refused: proof that it is sent, and that a
// refused setup is a failure like any other.
TEST_F(redis_client_test, sends_the_password_of_the_url) {
  redis_client client("redis://:not-the-password@" + describe(parse_redis_url(redis_.url())), clock_);
  EXPECT_EQ(client.run({"PING"}), std::nullopt);
  EXPECT_EQ(client.failures(), 1u);
}

TEST_F(redis_client_test, an_error_reply_is_a_failure_and_calls_fail_at_once_until_the_backoff_passes) {
  redis_client client(redis_.url(), clock_);
  EXPECT_EQ(client.run({"NO-SUCH-COMMAND"}), std::nullopt);
  EXPECT_EQ(client.failures(), 1u);
  EXPECT_EQ(client.run({"PING"}), std::nullopt);
  EXPECT_EQ(client.failures(), 2u);
  clock_.advance(999ms);
  EXPECT_EQ(client.run({"PING"}), std::nullopt);
  clock_.advance(1ms);
  const auto pong = client.run({"PING"});
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->text, "PONG");
  EXPECT_EQ(client.failures(), 3u);
}

// An error among pipelined commands fails the whole call, but the connection stays in step: the
// next call on it gets its own reply.
TEST_F(redis_client_test, an_error_reply_in_a_pipeline_leaves_the_connection_usable) {
  redis_client client(redis_.url(), clock_);
  const auto key = redis_.prefix() + "n";
  EXPECT_EQ(client.run_all({{"INCR", key}, {"NO-SUCH-COMMAND"}, {"INCR", key}}), std::nullopt);
  clock_.advance(1s);
  const auto next = client.run({"INCR", key});
  ASSERT_TRUE(next);
  EXPECT_EQ(next->integer, 3);
}

TEST_F(redis_client_test, a_broken_connection_is_dropped_and_reopened_by_a_later_call) {
  redis_client client(redis_.url(), clock_);
  const auto id = client.run({"CLIENT", "ID"});  // the pool's one connection
  ASSERT_TRUE(id);
  ASSERT_TRUE(redis_.admin().run({"CLIENT", "KILL", "ID", std::to_string(id->integer)}));
  EXPECT_EQ(client.run({"PING"}), std::nullopt);
  EXPECT_EQ(client.failures(), 1u);
  clock_.advance(1s);
  const auto reopened = client.run({"CLIENT", "ID"});
  ASSERT_TRUE(reopened);
  EXPECT_NE(reopened->integer, id->integer);
}

TEST_F(redis_client_test, may_be_shared_by_threads) {
  redis_client client(redis_.url(), clock_);
  const auto key = redis_.prefix() + "n";
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 50; ++i) client.run({"INCR", key});
      });
    }
  }
  const auto total = client.run({"GET", key});
  ASSERT_TRUE(total);
  EXPECT_EQ(total->text, "200");
  EXPECT_EQ(client.failures(), 0u);
}

// Nothing listens on 127.0.0.1:1, so the connection is refused at once; while the backoff runs
// the client does not try again.
TEST(redis_client, fails_without_throwing_when_nothing_listens) {
  manual_clock clock{time_point(std::chrono::seconds(1'790'000'000))};
  redis_client client("redis://127.0.0.1:1/0", clock);
  EXPECT_EQ(client.run({"PING"}), std::nullopt);
  EXPECT_EQ(client.run_all({{"PING"}, {"PING"}}), std::nullopt);
  EXPECT_EQ(client.failures(), 2u);
  clock.advance(1s);
  EXPECT_EQ(client.run({"PING"}), std::nullopt);
  EXPECT_EQ(client.failures(), 3u);
}

TEST(redis_client, refuses_a_bad_url_at_construction) {
  const manual_clock clock{time_point(std::chrono::seconds(1'790'000'000))};
  EXPECT_THROW(redis_client("redis://h:99999/0", clock), std::invalid_argument);
}

}  // namespace
}  // namespace pricewatch
