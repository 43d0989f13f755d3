// Tests load_config: DESIGN.md section 2's defaults, the file < environment < flags order, and
// that every bad input fails with a message naming the key or the file.
#include "config/config_loader.hpp"

#include "temp_directory.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace pricewatch {
namespace {

class config_loader_test : public ::testing::Test {
 protected:
  std::string write_file(const std::string& text) {
    const auto path = (directory_.path() / "pricewatch.toml").string();
    std::ofstream(path) << text;
    return path;
  }

  // The message of a load that must fail.
  static std::string failure_of(const config_sources& sources) {
    const auto loaded = load_config(sources);
    EXPECT_FALSE(loaded) << "loaded without error";
    if (loaded) return "";
    EXPECT_EQ(loaded.error().code, errc::validation_failed);
    return loaded.error().message;
  }

  std::string file_failure(const std::string& text) { return failure_of(config_sources{write_file(text), {}, {}}); }
  static std::string environment_failure(const std::string& entry) { return failure_of(config_sources{{}, {entry}, {}}); }

  test_support::temp_directory directory_;
};

TEST_F(config_loader_test, defaults_are_those_of_the_design) {
  const auto loaded = load_config(config_sources{});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->http.listen, "127.0.0.1:8000");
  EXPECT_EQ(loaded->http.trusted_proxies, "") << "no proxy is trusted unless configured";
  EXPECT_EQ(loaded->http.public_url, "");
  EXPECT_EQ(loaded->database.url, "sqlite://var/pricewatch.db");
  EXPECT_EQ(loaded->cache.url, "memory://");
  EXPECT_EQ(loaded->cache.ttl_seconds, 60);
  EXPECT_EQ(loaded->queue.url, "local://");
  EXPECT_EQ(loaded->auth.jwt_secret, "");
  EXPECT_EQ(loaded->auth.token_ttl_seconds, 1800);
  EXPECT_EQ(loaded->feed.source, "binance-ws");
  EXPECT_EQ(loaded->feed.ws_url, "wss://stream.binance.com:9443");
  EXPECT_EQ(loaded->feed.rest_url, "https://api.binance.com");
  EXPECT_EQ(loaded->feed.poll_seconds, 10);
  EXPECT_EQ(loaded->feed.max_staleness_seconds, 30);
  EXPECT_EQ(loaded->mail.url, "");
  EXPECT_EQ(loaded->mail.from, "pricewatch@localhost");
  EXPECT_EQ(loaded->log.level, "info");
}

TEST_F(config_loader_test, a_file_sets_values) {
  const auto loaded = load_config(config_sources{write_file(R"(
[http]
listen = "0.0.0.0:9000"
threads = 4

[database]
url = "sqlite:///srv/pricewatch.db"

[cache]
ttl_seconds = 0

[auth]
jwt_secret = "0123456789abcdef0123456789abcdef"

[feed]
source = "binance-rest"
ws_url = "ws://127.0.0.1:1234"
rest_url = "http://127.0.0.1:1235"

[mail]
url = "smtp://127.0.0.1:2525"

[log]
level = "debug"
)"),
                                                 {},
                                                 {}});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->http.listen, "0.0.0.0:9000");
  EXPECT_EQ(loaded->http.threads, 4);
  EXPECT_EQ(loaded->database.url, "sqlite:///srv/pricewatch.db");
  EXPECT_EQ(loaded->cache.ttl_seconds, 0);
  EXPECT_EQ(loaded->auth.jwt_secret, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(loaded->feed.source, "binance-rest");
  EXPECT_EQ(loaded->feed.ws_url, "ws://127.0.0.1:1234");
  EXPECT_EQ(loaded->feed.rest_url, "http://127.0.0.1:1235");
  EXPECT_EQ(loaded->mail.url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(loaded->log.level, "debug");
  EXPECT_EQ(loaded->cache.url, "memory://") << "keys absent from the file keep their default";
}

TEST_F(config_loader_test, the_environment_overrides_the_file_and_flags_override_both) {
  const auto file = write_file("[http]\nthreads = 4\nlisten = \"127.0.0.1:9000\"\n[log]\nlevel = \"warn\"\n");
  const std::vector<std::string> environment{"PATH=/usr/bin", "PRICEWATCH_HTTP_THREADS=8",
                                             "PRICEWATCH_LOG_LEVEL=error", "PRICEWATCHER=ignored"};

  const auto file_only = load_config(config_sources{file, {}, {}});
  ASSERT_TRUE(file_only);
  EXPECT_EQ(file_only->http.threads, 4);

  const auto with_environment = load_config(config_sources{file, environment, {}});
  ASSERT_TRUE(with_environment) << with_environment.error().message;
  EXPECT_EQ(with_environment->http.threads, 8);
  EXPECT_EQ(with_environment->log.level, "error");
  EXPECT_EQ(with_environment->http.listen, "127.0.0.1:9000");

  const auto with_flags = load_config(config_sources{file, environment, {{"http.threads", "16"}}});
  ASSERT_TRUE(with_flags) << with_flags.error().message;
  EXPECT_EQ(with_flags->http.threads, 16);
  EXPECT_EQ(with_flags->log.level, "error");
  EXPECT_EQ(with_flags->http.listen, "127.0.0.1:9000");
}

TEST_F(config_loader_test, an_unknown_key_or_section_in_the_file_is_named) {
  EXPECT_NE(file_failure("[http]\nthread = 2\n").find("http.thread"), std::string::npos);
  EXPECT_NE(file_failure("[htp]\nlisten = \"127.0.0.1:1\"\n").find("htp is not a known section"), std::string::npos);
  EXPECT_NE(file_failure("[htp]\n").find("htp is not a known section"), std::string::npos);
  EXPECT_NE(file_failure("listen = \"127.0.0.1:1\"\n").find("listen"), std::string::npos);
}

TEST_F(config_loader_test, each_exchange_has_its_urls_in_a_table_of_the_feed_section) {
  const auto defaults = load_config(config_sources{});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->feed.binanceus.ws_url, "wss://stream.binance.us:9443");
  EXPECT_EQ(defaults->feed.binanceus.rest_url, "https://api.binance.us");
  EXPECT_EQ(defaults->feed.coinbase.ws_url, "wss://ws-feed.exchange.coinbase.com");
  EXPECT_EQ(defaults->feed.coinbase.rest_url, "https://api.exchange.coinbase.com");
  EXPECT_EQ(defaults->feed.kraken.ws_url, "wss://ws.kraken.com/v2");
  EXPECT_EQ(defaults->feed.kraken.rest_url, "https://api.kraken.com");

  const auto file = write_file(R"([feed]
ws_url = "ws://127.0.0.1:1"

[feed.coinbase]
ws_url = "ws://127.0.0.1:2"
rest_url = "http://127.0.0.1:3"

[feed.kraken]
ws_url = "ws://127.0.0.1:4/v2"
)");
  const std::vector<std::string> environment{"PRICEWATCH_FEED_KRAKEN_REST_URL=http://127.0.0.1:5",
                                             "PRICEWATCH_FEED_BINANCEUS_WS_URL=ws://127.0.0.1:6"};
  const auto loaded = load_config(config_sources{file, environment, {{"feed.binanceus.rest_url", "http://127.0.0.1:7"}}});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->feed.ws_url, "ws://127.0.0.1:1") << "feed.ws_url stays Binance's";
  EXPECT_EQ(loaded->feed.coinbase.ws_url, "ws://127.0.0.1:2");
  EXPECT_EQ(loaded->feed.coinbase.rest_url, "http://127.0.0.1:3");
  EXPECT_EQ(loaded->feed.kraken.ws_url, "ws://127.0.0.1:4/v2");
  EXPECT_EQ(loaded->feed.kraken.rest_url, "http://127.0.0.1:5");
  EXPECT_EQ(loaded->feed.binanceus.ws_url, "ws://127.0.0.1:6");
  EXPECT_EQ(loaded->feed.binanceus.rest_url, "http://127.0.0.1:7");
}

TEST_F(config_loader_test, a_bad_exchange_url_or_an_unknown_exchange_table_is_named) {
  EXPECT_NE(file_failure("[feed.bitstamp]\nws_url = \"wss://x\"\n").find("unknown table feed.bitstamp"), std::string::npos);
  EXPECT_NE(file_failure("[feed.kraken]\nwsurl = \"wss://x\"\n").find("unknown key feed.kraken.wsurl"), std::string::npos);
  const auto message = environment_failure("PRICEWATCH_FEED_COINBASE_WS_URL=https://ws-feed.exchange.coinbase.com");
  EXPECT_NE(message.find("feed.coinbase.ws_url"), std::string::npos) << message;
  EXPECT_NE(message.find("wss://"), std::string::npos) << message;
  const auto flag = failure_of(config_sources{{}, {}, {{"feed.kraken.rest_url", "wss://api.kraken.com"}}});
  EXPECT_NE(flag.find("feed.kraken.rest_url"), std::string::npos) << flag;
}

TEST_F(config_loader_test, an_unknown_environment_variable_is_named) {
  EXPECT_NE(environment_failure("PRICEWATCH_HTTP_THREAD=2").find("PRICEWATCH_HTTP_THREAD"), std::string::npos);
}

TEST_F(config_loader_test, an_unknown_flag_is_named) {
  const auto message = failure_of(config_sources{{}, {}, {{"http.thread", "2"}}});
  EXPECT_NE(message.find("http.thread"), std::string::npos) << message;
}

TEST_F(config_loader_test, malformed_and_out_of_range_integers_name_the_key) {
  for (const std::string entry : {"PRICEWATCH_HTTP_THREADS=two", "PRICEWATCH_HTTP_THREADS=65",
                                  "PRICEWATCH_HTTP_THREADS=0", "PRICEWATCH_HTTP_THREADS=", "PRICEWATCH_HTTP_THREADS=4x"}) {
    const auto message = environment_failure(entry);
    EXPECT_NE(message.find("http.threads"), std::string::npos) << entry << ": " << message;
  }
  EXPECT_NE(file_failure("[http]\nthreads = 0\n").find("http.threads"), std::string::npos);
  EXPECT_NE(file_failure("[http]\nthreads = 2.5\n").find("http.threads"), std::string::npos);
  EXPECT_NE(file_failure("[cache]\nttl_seconds = -1\n").find("cache.ttl_seconds"), std::string::npos);
  const auto flag = failure_of(config_sources{{}, {}, {{"auth.token_ttl_seconds", "59"}}});
  EXPECT_NE(flag.find("auth.token_ttl_seconds"), std::string::npos) << flag;
}

TEST_F(config_loader_test, bad_urls_and_choices_name_the_key) {
  EXPECT_NE(environment_failure("PRICEWATCH_DATABASE_URL=oracle://db").find("database.url"), std::string::npos);
  EXPECT_NE(environment_failure("PRICEWATCH_CACHE_URL=memcached://x").find("cache.url"), std::string::npos);
  EXPECT_NE(environment_failure("PRICEWATCH_FEED_WS_URL=http://x").find("feed.ws_url"), std::string::npos);
  EXPECT_NE(environment_failure("PRICEWATCH_FEED_SOURCE=kraken").find("feed.source"), std::string::npos);
  EXPECT_NE(environment_failure("PRICEWATCH_LOG_LEVEL=loud").find("log.level"), std::string::npos);
  EXPECT_NE(environment_failure("PRICEWATCH_HTTP_LISTEN=8000").find("http.listen"), std::string::npos);
  EXPECT_NE(environment_failure("PRICEWATCH_HTTP_LISTEN=:8000").find("http.listen"), std::string::npos);
  EXPECT_NE(environment_failure("PRICEWATCH_HTTP_LISTEN=host:70000").find("http.listen"), std::string::npos);
}

TEST_F(config_loader_test, a_malformed_mail_url_names_the_key_at_startup) {
  // Accepted before, it failed only when an alert fired, after every retry.
  const auto message = environment_failure("PRICEWATCH_MAIL_URL=smtp://me@gmail.com:pw@smtp.gmail.com:587");
  EXPECT_NE(message.find("mail.url (PRICEWATCH_MAIL_URL)"), std::string::npos) << message;
  EXPECT_NE(message.find("%40"), std::string::npos) << message;
  EXPECT_NE(environment_failure("PRICEWATCH_MAIL_URL=smtp://host:99999").find("mail.url"), std::string::npos);
  EXPECT_NE(file_failure("[mail]\nurl = \"smtp:/host\"\n").find("mail.url (config file)"), std::string::npos);
}

TEST_F(config_loader_test, trusted_proxies_are_addresses_and_cidr_blocks) {
  const auto loaded = load_config(config_sources{write_file("[http]\ntrusted_proxies = \"127.0.0.1, ::1, 10.0.0.0/8\"\n"), {}, {}});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->http.trusted_proxies, "127.0.0.1, ::1, 10.0.0.0/8");
  for (const std::string entry : {"PRICEWATCH_HTTP_TRUSTED_PROXIES=nginx", "PRICEWATCH_HTTP_TRUSTED_PROXIES=10.0.0.0/40",
                                  "PRICEWATCH_HTTP_TRUSTED_PROXIES=127.0.0.1 ::1"}) {
    const auto message = environment_failure(entry);
    EXPECT_NE(message.find("http.trusted_proxies"), std::string::npos) << entry << ": " << message;
    EXPECT_NE(message.find("PRICEWATCH_HTTP_TRUSTED_PROXIES"), std::string::npos) << entry << ": " << message;
  }
}

TEST_F(config_loader_test, the_public_url_is_checked_and_normalised) {
  const auto public_url = [](const std::string& value) -> std::string {
    const auto loaded = load_config(config_sources{{}, {"PRICEWATCH_HTTP_PUBLIC_URL=" + value}, {}});
    EXPECT_TRUE(loaded) << value << ": " << loaded.error().message;
    return loaded ? loaded->http.public_url : "";
  };
  EXPECT_EQ(public_url("https://alerts.example.com"), "https://alerts.example.com");
  EXPECT_EQ(public_url("HTTPS://Alerts.Example.com/"), "https://alerts.example.com");
  EXPECT_EQ(public_url("https://example.com:8443/pricewatch/"), "https://example.com:8443/pricewatch");
  EXPECT_EQ(public_url("http://127.0.0.1:8000"), "http://127.0.0.1:8000");
  EXPECT_EQ(public_url(""), "");
  for (const std::string value : {"alerts.example.com", "ftp://alerts.example.com", "https://", "https:///path",
                                  "https://user:pass@alerts.example.com", "https://alerts.example.com/?x=1",
                                  "https://alerts.example.com/#top", "https://alerts.example.com:0",
                                  "https://alerts.example.com:99999", "https://exa mple.com"}) {
    const auto message = environment_failure("PRICEWATCH_HTTP_PUBLIC_URL=" + value);
    EXPECT_NE(message.find("http.public_url"), std::string::npos) << value << ": " << message;
  }
}

TEST_F(config_loader_test, a_short_jwt_secret_names_the_key) {
  const auto message = environment_failure("PRICEWATCH_AUTH_JWT_SECRET=" + std::string(31, 's'));
  EXPECT_NE(message.find("auth.jwt_secret"), std::string::npos) << message;
  const auto accepted = load_config(config_sources{{}, {"PRICEWATCH_AUTH_JWT_SECRET=" + std::string(32, 's')}, {}});
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->auth.jwt_secret, std::string(32, 's'));
}

TEST_F(config_loader_test, a_toml_syntax_error_names_the_file) {
  const auto path = write_file("[http\nthreads = 2\n");
  const auto message = failure_of(config_sources{path, {}, {}});
  EXPECT_NE(message.find(path), std::string::npos) << message;
}

TEST_F(config_loader_test, a_missing_file_is_named) {
  const auto path = (directory_.path() / "absent.toml").string();
  const auto message = failure_of(config_sources{path, {}, {}});
  EXPECT_NE(message.find(path), std::string::npos) << message;
}

}  // namespace
}  // namespace pricewatch
