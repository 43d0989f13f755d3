#include "cache/redis/redis_client.hpp"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <pthread.h>
#include <sys/time.h>

namespace pricewatch {
namespace {

// Idle connections kept for the next calls; more concurrent callers open more, closed on return.
constexpr std::size_t max_idle_connections = 16;
constexpr auto never = time_point::min().time_since_epoch().count();

struct reply_deleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using reply_ptr = std::unique_ptr<redisReply, reply_deleter>;

timeval to_timeval(std::chrono::milliseconds duration) {
  timeval value{};
  value.tv_sec = static_cast<time_t>(duration.count() / 1000);
  value.tv_usec = static_cast<suseconds_t>((duration.count() % 1000) * 1000);
  return value;
}

// hiredis writes with write(2), which raises SIGPIPE when Redis has closed the connection, and
// that signal ends the process by default. Block it on this thread for the call and swallow one
// raised meanwhile, leaving the process-wide disposition to the application.
class sigpipe_blocker {
 public:
  sigpipe_blocker() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    was_pending_ = pending();
    blocked_ = pthread_sigmask(SIG_BLOCK, &pipe_, &previous_) == 0;
  }
  ~sigpipe_blocker() {
    if (!blocked_) return;
    if (!was_pending_ && pending()) {
      const timespec no_wait{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &no_wait) == -1 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  sigpipe_blocker(const sigpipe_blocker&) = delete;
  sigpipe_blocker& operator=(const sigpipe_blocker&) = delete;

 private:
  static bool pending() {
    sigset_t signals;
    sigemptyset(&signals);
    return sigpending(&signals) == 0 && sigismember(&signals, SIGPIPE) == 1;
  }

  sigset_t pipe_{};
  sigset_t previous_{};
  bool was_pending_ = false;
  bool blocked_ = false;
};

const redisReply* first_error(const redisReply& reply) {
  if (reply.type == REDIS_REPLY_ERROR) return &reply;
  if (reply.type == REDIS_REPLY_ARRAY) {
    for (std::size_t i = 0; i < reply.elements; ++i) {
      if (const auto* error = first_error(*reply.element[i])) return error;
    }
  }
  return nullptr;
}

redis_reply convert(const redisReply& raw) {
  redis_reply reply;
  switch (raw.type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      reply.type = raw.type == REDIS_REPLY_STRING ? redis_reply::kind::string : redis_reply::kind::status;
      reply.text.assign(raw.str, raw.len);
      break;
    case REDIS_REPLY_INTEGER:
      reply.type = redis_reply::kind::integer;
      reply.integer = raw.integer;
      break;
    case REDIS_REPLY_ARRAY:
      reply.type = redis_reply::kind::array;
      reply.elements.reserve(raw.elements);
      for (std::size_t i = 0; i < raw.elements; ++i) reply.elements.push_back(convert(*raw.element[i]));
      break;
    default:
      break;
  }
  return reply;
}

// Queues the command in the context's output buffer; hiredis copies the arguments.
bool append(redisContext& context, const redis_command& command) {
  std::vector<const char*> arguments;
  std::vector<std::size_t> lengths;
  arguments.reserve(command.size());
  lengths.reserve(command.size());
  for (const auto& argument : command) {
    arguments.push_back(argument.data());
    lengths.push_back(argument.size());
  }
  return redisAppendCommandArgv(&context, static_cast<int>(command.size()), arguments.data(), lengths.data()) ==
         REDIS_OK;
}

// The command's name for logs; never its arguments, which hold keys and values.
std::string name_of(const redis_command& command) {
  return command.empty() ? std::string("(empty command)") : command.front();
}

std::string context_error(const redisContext& context) {
  return context.err != 0 ? std::string(context.errstr) : std::string("no reply");
}

// Runs a command of the connection's setup (AUTH, SELECT); false with error set when it fails.
bool set_up(redisContext& context, const redis_command& command, std::string& error) {
  reply_ptr reply;
  if (append(context, command)) {
    void* raw = nullptr;
    if (redisGetReply(&context, &raw) == REDIS_OK) reply.reset(static_cast<redisReply*>(raw));
  }
  if (!reply) {
    error = name_of(command) + " failed: " + context_error(context);
    return false;
  }
  if (const auto* refused = first_error(*reply)) {
    error = name_of(command) + " refused: " + std::string(refused->str, refused->len);
    return false;
  }
  return true;
}

}  // namespace

void redis_client::context_deleter::operator()(redisContext* context) const { redisFree(context); }

redis_client::redis_client(const std::string& url, const wall_clock& clock, redis_timeouts timeouts)
    : address_(parse_redis_url(url)), clock_(clock), timeouts_(timeouts), warnings_(timeouts.backoff) {}

redis_client::~redis_client() = default;

std::optional<redis_reply> redis_client::run(const redis_command& command) {
  auto replies = run_commands(std::span(&command, 1));
  if (!replies) return std::nullopt;
  return std::move(replies->front());
}

std::optional<std::vector<redis_reply>> redis_client::run_all(const std::vector<redis_command>& commands) {
  return run_commands(commands);
}

std::optional<std::vector<redis_reply>> redis_client::run_commands(std::span<const redis_command> commands) {
  if (backing_off(clock_.now())) {
    failures_.fetch_add(1);
    warnings_.hold();
    return std::nullopt;
  }
  const sigpipe_blocker blocker;
  std::string error;
  auto borrowed = borrow(error);
  if (!borrowed) {
    record_failure(error);
    return std::nullopt;
  }
  for (const auto& command : commands) {
    if (!append(*borrowed, command)) {
      record_failure("cannot queue " + name_of(command) + ": " + context_error(*borrowed));
      return std::nullopt;
    }
  }
  std::vector<redis_reply> replies;
  replies.reserve(commands.size());
  std::string refused;
  for (const auto& command : commands) {
    void* raw = nullptr;
    if (redisGetReply(borrowed.get(), &raw) != REDIS_OK || raw == nullptr) {
      // Timed out, closed or out of step: this connection is done for. The idle ones most likely
      // are too (Redis restarted), and each would cost the next caller a failure.
      record_failure(name_of(command) + " failed: " + context_error(*borrowed));
      borrowed.reset();
      drop_idle();
      return std::nullopt;
    }
    const reply_ptr reply(static_cast<redisReply*>(raw));
    // Read every reply even after an error reply, so that the connection stays in step for reuse.
    if (const auto* error_reply = first_error(*reply); error_reply != nullptr && refused.empty()) {
      refused = name_of(command) + " refused: " + std::string(error_reply->str, error_reply->len);
    }
    replies.push_back(convert(*reply));
  }
  give_back(std::move(borrowed));
  // An error reply counts as a failure and starts a backoff too: Redis answers errors when it
  // cannot serve (loading, out of memory, read-only replica), and then the database must answer.
  if (!refused.empty()) {
    record_failure(refused);
    return std::nullopt;
  }
  if (down_.exchange(false)) spdlog::info("redis {}: answering again", describe(address_));
  return replies;
}

redis_client::connection redis_client::borrow(std::string& error) {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto borrowed = std::move(idle_.back());
      idle_.pop_back();
      return borrowed;
    }
  }
  connection opened(redisConnectWithTimeout(address_.host.c_str(), address_.port, to_timeval(timeouts_.connect)));
  if (!opened) {
    error = "cannot allocate a connection";
    return {};
  }
  if (opened->err != 0) {
    error = "cannot connect: " + context_error(*opened);
    return {};
  }
  if (redisSetTimeout(opened.get(), to_timeval(timeouts_.command)) != REDIS_OK) {
    error = "cannot set the command timeout: " + context_error(*opened);
    return {};
  }
  if (!address_.password.empty()) {
    const redis_command auth = address_.user.empty() ? redis_command{"AUTH", address_.password}
                                                     : redis_command{"AUTH", address_.user, address_.password};
    if (!set_up(*opened, auth, error)) return {};
  }
  if (address_.database != 0 && !set_up(*opened, {"SELECT", std::to_string(address_.database)}, error)) return {};
  return opened;
}

void redis_client::give_back(connection borrowed) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_connections) idle_.push_back(std::move(borrowed));
}

void redis_client::drop_idle() {
  std::vector<connection> dropped;  // closed after the lock is released
  {
    std::lock_guard lock(mutex_);
    dropped.swap(idle_);
  }
}

bool redis_client::backing_off(time_point now) const {
  const auto failed = failed_at_.load();
  if (failed == never) return false;
  const auto at = now.time_since_epoch().count();
  // A clock that went back ends the backoff rather than prolonging it.
  return at >= failed && at - failed < std::chrono::duration_cast<time_point::duration>(timeouts_.backoff).count();
}

void redis_client::record_failure(const std::string& what) {
  const auto total = failures_.fetch_add(1) + 1;
  const auto now = clock_.now().time_since_epoch().count();
  failed_at_.store(now);
  down_.store(true);
  // At most one warning per backoff period, so that a Redis that is down does not flood the log.
  const auto reported = warnings_.admit(time_point(time_point::duration(now)));
  if (reported == 0) return;
  spdlog::warn("redis {}: {} ({} failed calls since start, {} since the last warning); calls fail at once for {} ms",
               describe(address_), what, total, reported, timeouts_.backoff.count());
}

}  // namespace pricewatch
