#include "feed/rest_instrument_query.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace pricewatch {

rest_instrument_query::rest_instrument_query(boost::asio::any_io_executor executor, endpoint where,
                                             std::unique_ptr<exchange_protocol> protocol)
    : protocol_(std::move(protocol)),
      tls_(shared_tls_client_context()),
      rest_(std::move(executor), std::move(where), *tls_) {}

boost::asio::awaitable<result<std::set<std::string>>> rest_instrument_query::symbols() {
  http_reply reply;
  try {
    reply = co_await rest_.get(protocol_->instruments_target());
  } catch (const std::exception& error) {
    co_return make_failure(errc::backend_unavailable, std::string("the exchange cannot be reached: ") + error.what());
  }
  const auto list = protocol_->read_instruments(reply);
  switch (list.status) {
    case rest_status::ok:
      break;
    case rest_status::unusable:
      if (reply.status == 200) co_return make_failure(errc::validation_failed, "unreadable instrument list: " + list.problem);
      [[fallthrough]];
    case rest_status::rate_limited:
    case rest_status::unknown_symbol:
      co_return make_failure(errc::backend_unavailable, "the exchange answered " + list.problem);
  }
  std::set<std::string> symbols;
  for (const auto& item : list.value) symbols.insert(item.symbol);
  co_return symbols;
}

}  // namespace pricewatch
