// instrument_query over an exchange's REST API: one GET of its instrument list, read by the
// exchange's protocol.
#pragma once

#include "feed/exchange_protocol.hpp"
#include "feed/instrument_query.hpp"
#include "feed/rest_client.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>

namespace pricewatch {

class rest_instrument_query final : public instrument_query {
 public:
  // Throws boost::system::system_error when TLS cannot be set up (the system's CA certificates).
  rest_instrument_query(boost::asio::any_io_executor executor, endpoint where,
                        std::unique_ptr<exchange_protocol> protocol);

  boost::asio::awaitable<result<std::set<std::string>>> symbols() override;

 private:
  std::unique_ptr<exchange_protocol> protocol_;
  std::shared_ptr<boost::asio::ssl::context> tls_;  // shared_tls_client_context()
  rest_client rest_;
};

}  // namespace pricewatch
