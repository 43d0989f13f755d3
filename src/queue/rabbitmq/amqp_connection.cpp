#include "queue/rabbitmq/amqp_connection.hpp"

#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <vector>

namespace pricewatch::queue {
namespace {

constexpr amqp_channel_t channel = 1;
constexpr timeval connect_timeout{5, 0};
constexpr timeval rpc_timeout{10, 0};
constexpr auto confirm_timeout = std::chrono::seconds(10);

amqp_bytes_t bytes_of(const std::string& text) { return amqp_bytes_t{text.size(), const_cast<char*>(text.data())}; }

std::string text_of(amqp_bytes_t bytes) { return std::string(static_cast<const char*>(bytes.bytes), bytes.len); }

timeval to_timeval(std::chrono::milliseconds duration) {
  const auto millis = std::max<long long>(duration.count(), 0);
  return timeval{static_cast<time_t>(millis / 1000), static_cast<suseconds_t>((millis % 1000) * 1000)};
}

// The broker's reason when it closes the channel or the connection.
std::string close_reason(const amqp_method_t& method) {
  if (method.id == AMQP_CONNECTION_CLOSE_METHOD) {
    return "connection closed by the broker: " + text_of(static_cast<amqp_connection_close_t*>(method.decoded)->reply_text);
  }
  if (method.id == AMQP_CHANNEL_CLOSE_METHOD) {
    return "channel closed by the broker: " + text_of(static_cast<amqp_channel_close_t*>(method.decoded)->reply_text);
  }
  return "unexpected method from the broker";
}

void check(const amqp_rpc_reply_t& reply, const char* what) {
  switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return;
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      throw amqp_error(std::string(what) + ": " + amqp_error_string2(reply.library_error));
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      throw amqp_error(std::string(what) + ": " + close_reason(reply.reply));
    default:
      throw amqp_error(std::string(what) + ": no reply from the broker");
  }
}

void check_status(int status, const char* what) {
  if (status != AMQP_STATUS_OK) throw amqp_error(std::string(what) + ": " + amqp_error_string2(status));
}

}  // namespace

struct amqp_connection::state {
  explicit state(const monotonic_clock& time) : clock(time) {}
  state(const state&) = delete;
  state& operator=(const state&) = delete;

  const monotonic_clock& clock;
  amqp_connection_state_t connection = amqp_new_connection();
  std::uint64_t published = 0;        // delivery tags handed out on the channel so far
  std::uint64_t confirmed_through = 0;  // every tag up to this one is confirmed
  std::set<std::uint64_t> confirmed_ahead;
  bool logged_in = false;
  bool channel_open = false;

  ~state() {
    // Closing politely is bounded by the RPC timeout; on a dead socket it fails at once.
    if (channel_open) amqp_channel_close(connection, channel, AMQP_REPLY_SUCCESS);
    if (logged_in) amqp_connection_close(connection, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(connection);
  }

  void confirm(std::uint64_t tag, bool multiple) {
    if (multiple) {
      confirmed_through = std::max(confirmed_through, tag);
    } else {
      confirmed_ahead.insert(tag);
    }
    while (confirmed_ahead.contains(confirmed_through + 1)) confirmed_ahead.erase(++confirmed_through);
    confirmed_ahead.erase(confirmed_ahead.begin(), confirmed_ahead.upper_bound(confirmed_through));
  }
};

amqp_connection::amqp_connection(const std::string& url, const monotonic_clock& clock, int heartbeat_seconds)
    : state_(std::make_unique<state>(clock)) {
  std::vector<char> buffer(url.begin(), url.end());
  buffer.push_back('\0');
  amqp_connection_info info{};
  amqp_default_connection_info(&info);
  if (amqp_parse_url(buffer.data(), &info) != AMQP_STATUS_OK) {
    throw std::invalid_argument("queue.url: expected amqp://USER:PASSWORD@HOST:PORT/VHOST");
  }
  if (info.ssl) throw std::invalid_argument("queue.url: amqps:// is not supported; use amqp:// on a trusted network");
  auto* socket = amqp_tcp_socket_new(state_->connection);
  if (socket == nullptr) throw amqp_error("cannot create a socket");
  auto timeout = connect_timeout;
  check_status(amqp_socket_open_noblock(socket, info.host, info.port, &timeout), "connect");
  auto rpc = rpc_timeout;
  amqp_set_rpc_timeout(state_->connection, &rpc);
  check(amqp_login(state_->connection, info.vhost, 0, AMQP_DEFAULT_FRAME_SIZE, heartbeat_seconds,
                   AMQP_SASL_METHOD_PLAIN, info.user, info.password),
        "login");
  state_->logged_in = true;
  amqp_channel_open(state_->connection, channel);
  check(amqp_get_rpc_reply(state_->connection), "open channel");
  state_->channel_open = true;
  amqp_confirm_select(state_->connection, channel);
  check(amqp_get_rpc_reply(state_->connection), "confirm mode");
}

amqp_connection::~amqp_connection() = default;

void amqp_connection::declare_durable_queue(const std::string& name, const std::string& dead_letter_queue) {
  amqp_table_entry_t entries[2];
  amqp_table_t arguments = amqp_empty_table;
  if (!dead_letter_queue.empty()) {
    entries[0].key = amqp_cstring_bytes("x-dead-letter-exchange");
    entries[0].value.kind = AMQP_FIELD_KIND_UTF8;
    entries[0].value.value.bytes = amqp_cstring_bytes("");
    entries[1].key = amqp_cstring_bytes("x-dead-letter-routing-key");
    entries[1].value.kind = AMQP_FIELD_KIND_UTF8;
    entries[1].value.value.bytes = bytes_of(dead_letter_queue);
    arguments = amqp_table_t{2, entries};
  }
  amqp_queue_declare(state_->connection, channel, bytes_of(name), 0, 1, 0, 0, arguments);
  check(amqp_get_rpc_reply(state_->connection), "declare queue");
}

void amqp_connection::declare_fanout_exchange(const std::string& name) {
  amqp_exchange_declare(state_->connection, channel, bytes_of(name), amqp_cstring_bytes("fanout"), 0, 1, 0, 0,
                        amqp_empty_table);
  check(amqp_get_rpc_reply(state_->connection), "declare exchange");
}

std::string amqp_connection::bind_private_queue(const std::string& exchange) {
  auto* declared = amqp_queue_declare(state_->connection, channel, amqp_empty_bytes, 0, 0, 1, 1, amqp_empty_table);
  check(amqp_get_rpc_reply(state_->connection), "declare private queue");
  const auto name = text_of(declared->queue);
  amqp_queue_bind(state_->connection, channel, bytes_of(name), bytes_of(exchange), amqp_empty_bytes, amqp_empty_table);
  check(amqp_get_rpc_reply(state_->connection), "bind private queue");
  return name;
}

void amqp_connection::publish(std::span<const outgoing_message> messages) {
  amqp_basic_properties_t properties{};
  properties._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
  properties.delivery_mode = 2;  // persistent
  properties.content_type = amqp_cstring_bytes("application/json");
  for (const auto& message : messages) {
    check_status(amqp_basic_publish(state_->connection, channel, bytes_of(message.exchange),
                                    bytes_of(message.routing_key), message.mandatory ? 1 : 0, 0, &properties,
                                    bytes_of(message.body)),
                 "publish");
    ++state_->published;
  }
  const auto deadline = state_->clock.now() + confirm_timeout;
  while (state_->confirmed_through < state_->published) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - state_->clock.now());
    auto wait = to_timeval(left);
    amqp_frame_t frame;
    const int status = amqp_simple_wait_frame_noblock(state_->connection, &frame, &wait);
    if (status == AMQP_STATUS_TIMEOUT) throw amqp_error("publish: the broker did not confirm in time");
    check_status(status, "publish");
    if (frame.frame_type != AMQP_FRAME_METHOD) continue;  // the content of a returned message
    switch (frame.payload.method.id) {
      case AMQP_BASIC_ACK_METHOD: {
        const auto* ack = static_cast<amqp_basic_ack_t*>(frame.payload.method.decoded);
        state_->confirm(ack->delivery_tag, ack->multiple != 0);
        break;
      }
      case AMQP_BASIC_NACK_METHOD:
        throw amqp_error("publish: the broker refused a message");
      case AMQP_BASIC_RETURN_METHOD:
        throw amqp_error("publish: no queue took a message (" +
                         text_of(static_cast<amqp_basic_return_t*>(frame.payload.method.decoded)->reply_text) + ")");
      default:
        throw amqp_error("publish: " + close_reason(frame.payload.method));
    }
  }
}

void amqp_connection::consume(const std::string& queue, std::uint16_t prefetch) {
  amqp_basic_qos(state_->connection, channel, 0, prefetch, 0);
  check(amqp_get_rpc_reply(state_->connection), "prefetch");
  amqp_basic_consume(state_->connection, channel, bytes_of(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
  check(amqp_get_rpc_reply(state_->connection), "consume");
}

std::optional<incoming_message> amqp_connection::next(std::chrono::milliseconds timeout) {
  amqp_maybe_release_buffers(state_->connection);
  amqp_envelope_t envelope;
  auto wait = to_timeval(timeout);
  const auto reply = amqp_consume_message(state_->connection, &envelope, &wait, 0);
  if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) {
    return std::nullopt;
  }
  if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
    // Something other than a delivery: the broker closing the channel or connection, or a
    // confirm of a message this connection published.
    amqp_frame_t frame;
    check_status(amqp_simple_wait_frame(state_->connection, &frame), "consume");
    if (frame.frame_type == AMQP_FRAME_METHOD && (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD ||
                                                  frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD)) {
      throw amqp_error("consume: " + close_reason(frame.payload.method));
    }
    return std::nullopt;
  }
  check(reply, "consume");
  incoming_message message{envelope.delivery_tag, text_of(envelope.message.body), envelope.redelivered != 0};
  amqp_destroy_envelope(&envelope);
  return message;
}

std::uint32_t amqp_connection::message_count(const std::string& queue) {
  auto* declared = amqp_queue_declare(state_->connection, channel, bytes_of(queue), 1, 0, 0, 0, amqp_empty_table);
  check(amqp_get_rpc_reply(state_->connection), "inspect queue");
  return declared->message_count;
}

void amqp_connection::ack(std::uint64_t delivery_tag) {
  check_status(amqp_basic_ack(state_->connection, channel, delivery_tag, 0), "ack");
}

void amqp_connection::reject(std::uint64_t delivery_tag, bool requeue) {
  check_status(amqp_basic_reject(state_->connection, channel, delivery_tag, requeue ? 1 : 0), "reject");
}

amqp_link::amqp_link(std::string url, std::function<void(amqp_connection&)> setup, const monotonic_clock& clock,
                     int heartbeat_seconds)
    : url_(std::move(url)), setup_(std::move(setup)), clock_(clock), heartbeat_seconds_(heartbeat_seconds) {}

amqp_connection& amqp_link::get() {
  if (connection_) return *connection_;
  if (clock_.now() < retry_at_) throw amqp_error("broker unreachable; waiting to retry");
  try {
    auto opened = std::make_unique<amqp_connection>(url_, clock_, heartbeat_seconds_);
    setup_(*opened);
    connection_ = std::move(opened);
  } catch (const amqp_error& error) {
    back_off(error);
    throw;
  }
  if (!reconnect_.at_start()) spdlog::info("queue: connected to the broker again");
  reconnect_.reset();
  return *connection_;
}

void amqp_link::drop(const std::exception& failure) {
  if (!connection_) return;
  connection_.reset();
  back_off(failure);
}

void amqp_link::back_off(const std::exception& failure) {
  // Logged once per outage, not at every attempt.
  if (reconnect_.at_start()) spdlog::warn("queue: {}; reconnecting", failure.what());
  retry_at_ = clock_.now() + reconnect_.next();
}

}  // namespace pricewatch::queue
