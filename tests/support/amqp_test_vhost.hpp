// A RabbitMQ vhost of the test's own, on the broker the test command started
// (PRICEWATCH_TEST_AMQP_URL; created through PRICEWATCH_TEST_SERVERS), so that its queues start
// empty and nobody else's messages reach them.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace pricewatch::test_support {

// The amqp:// URL of a fresh vhost named after tag and this process; "" and a test failure when
// the broker's variables are not set.
inline std::string amqp_test_vhost(const std::string& tag) {
  const char* url = std::getenv("PRICEWATCH_TEST_AMQP_URL");
  const char* servers = std::getenv("PRICEWATCH_TEST_SERVERS");
  if (url == nullptr || servers == nullptr) {
    ADD_FAILURE() << "PRICEWATCH_TEST_AMQP_URL and PRICEWATCH_TEST_SERVERS are not set: run the tests with "
                     "`make test`, which starts RabbitMQ";
    return "";
  }
  const auto vhost = "pricewatch-" + tag + "-" + std::to_string(::getpid());
  if (std::system((std::string(servers) + " vhost " + vhost).c_str()) != 0) {
    ADD_FAILURE() << "could not create the RabbitMQ vhost " << vhost;
    return "";
  }
  const std::string server(url);
  return server.substr(0, server.rfind('/') + 1) + vhost;
}

}  // namespace pricewatch::test_support
