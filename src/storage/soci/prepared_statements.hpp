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

#include <memory>
#include <typeindex>
#include <unordered_map>

namespace pricewatch::storage {

class prepared_statements {
 public:
  // This connection's statement of the kind, prepared now if it is not yet.
  template <class Kind>
  Kind& get(soci::session& sql) {
    auto& slot = kinds_[std::type_index(typeid(Kind))];
    if (!slot) slot = std::make_unique<holder<Kind>>(sql);
    return static_cast<holder<Kind>&>(*slot).kind;
  }

  // Forgets every statement: after an error (one may have stopped midway) and before a reconnect
  // (they belong to the old connection).
  void clear() noexcept { kinds_.clear(); }

 private:
  struct base {
    virtual ~base() = default;
  };
  template <class Kind>
  struct holder final : base {
    explicit holder(soci::session& sql) : kind(sql) {}
    Kind kind;
  };
  std::unordered_map<std::type_index, std::unique_ptr<base>> kinds_;
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
