// A channel type whose delivery is one POST and whose deliveries are independent of each other
// (webhook, Slack, ntfy): its deliveries of a batch go out together, as many at once as the
// poster allows (outbound_http::post_all), so a receiver sees several requests in flight, not
// one after the other. A type implements the request and the judging of its answer.
#pragma once

#include "notify/channel.hpp"
#include "notify/http/outbound_http.hpp"

namespace pricewatch {

class http_post_sender : public destination_sender {
 public:
  // http outlives the sender.
  explicit http_post_sender(outbound_http& http) : http_(http) {}

  send_result send(const notification& item, const delivery_channel& destination) final;
  std::size_t in_flight() const final { return http_.in_flight(); }
  std::vector<send_result> send_all(std::span<const addressed> deliveries) final;

 protected:
  // The POST that delivers item, or why none can (a channel without its URL). Never throws.
  virtual boost::system::result<outbound_request, send_failure> request_for(const notification& item,
                                                                          const delivery_channel& destination) = 0;
  // What the answer, or its absence, means. Never throws.
  virtual send_result judge(const outbound_answer& answer) = 0;

 private:
  outbound_http& http_;
};

}  // namespace pricewatch
