// Statements prepared once per connection and run again with new values. Preparing was over a
// third of a create's CPU on SQLite (docs/benchmarks.md, session 13); SQLite keeps the compiled
// program and PostgreSQL the named server-side statement, so only the values travel at each run.
//
// A kind of statement is a class whose constructor takes the session, binds its own members with
// use() and into() and prepares its text; a caller sets those members, runs the statement, and
// reads them. The object is never moved, so the bindings stay valid. Each connection has its own
// set (connections::prepared), made at first use and dropped before the connection is reopened.
#pragma once

#include <soci/session.h>
#include <soci/statement.h>

#include <map>
#include <memory>
#include <string>
#include <typeindex>
#include <utility>

namespace pricewatch::storage {

class prepared_statements {
 public:
  // This connection's statement of the kind, prepared now if it is not yet.
  template <class Kind>
  Kind& get(soci::session& sql) {
    auto& slot = kinds_[key(typeid(Kind), std::string())];
    if (!slot) slot = std::make_unique<holder<Kind>>(sql);
    return static_cast<holder<Kind>&>(*slot).kind;
  }

  // The same for a kind whose text its caller builds (constructed as Kind(sql, text)): one
  // statement per distinct text, such as a batch size written into it.
  template <class Kind>
  Kind& get(soci::session& sql, const std::string& text) {
    auto& slot = kinds_[key(typeid(Kind), text)];
    if (!slot) slot = std::make_unique<holder<Kind>>(sql, text);
    return static_cast<holder<Kind>&>(*slot).kind;
  }

  // Forgets every statement: after an error (one may have stopped midway) and before a reconnect
  // (they belong to the old connection).
  void clear() noexcept { kinds_.clear(); }

 private:
  using key = std::pair<std::type_index, std::string>;
  struct base {
    virtual ~base() = default;
  };
  template <class Kind>
  struct holder final : base {
    template <class... Text>
    explicit holder(soci::session& sql, const Text&... text) : kind(sql, text...) {}
    Kind kind;
  };
  std::map<key, std::unique_ptr<base>> kinds_;
};

// Runs a statement that gives at most one row, and finishes it. SQLite keeps a statement that
// stopped at a row active: a read keeps its snapshot (the write-ahead log cannot be checkpointed
// past it) and a write is unfinished, which COMMIT refuses. True when there was a row.
inline bool execute_one_row(soci::statement& statement) {
  if (!statement.execute(true)) return false;
  while (statement.fetch()) {
  }
  return true;
}

}  // namespace pricewatch::storage
