// A thin layer over SQLite's C API: a connection, prepared statements with typed binds and
// columns, transactions, and SQLite's result codes mapped to flowstate's errors (BUSY after
// the busy timeout, CORRUPT for a damaged or foreign file, IO for disk trouble).
//
// Only prepared statements: nothing is ever built from user text.
//
// Thread-safety: a Db is used by one thread at a time (the catalog serialises access).
#ifndef FLOWSTATE_SRC_CATALOG_SQLITE_H_
#define FLOWSTATE_SRC_CATALOG_SQLITE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace flowstate::core::catalog {

// A flowstate error for SQLite result code `rc` on `db` (nullptr: no message from SQLite).
Status SqliteError(sqlite3* db, int rc, std::string_view what);

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Stmt(Stmt&& o) noexcept : db_(o.db_), s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Binds are 1-based, in the order of the statement's parameters.
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& BindNull(int i);
  Stmt& Bind(int i, const std::optional<int64_t>& v) { return v ? Bind(i, *v) : BindNull(i); }
  Stmt& Bind(int i, const std::optional<std::string>& v) { return v ? Bind(i, *v) : BindNull(i); }

  // true: a row is ready; false: done. Errors (BUSY after the timeout, ...) as a status.
  Result<bool> Step();
  // Runs a statement that returns no rows.
  Status Run();
  Status Reset();

  int64_t Int(int col) const;
  std::optional<int64_t> OptInt(int col) const;
  std::string Text(int col) const;
  std::optional<std::string> OptText(int col) const;
  bool IsNull(int col) const;
  int ColumnCount() const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* s_ = nullptr;
};

class Db {
 public:
  struct Options {
    bool create = true;
    bool read_only = false;
    // With read_only: read the file as it is, without locks or a -shm file. Right only when
    // no writer has the file open (no -wal file beside it).
    bool immutable = false;
    int busy_timeout_ms = 5000;
  };
  static Result<std::unique_ptr<Db>> Open(const std::string& path, const Options& options);
  ~Db();

  sqlite3* raw() const { return db_; }
  // Prepares `sql` once and keeps it; returns a statement reset and ready for binds.
  Result<Stmt*> Cached(const char* sql);
  // Resets every statement Cached() handed out since the last call. A statement left
  // stepped keeps the connection's read transaction open, and with it an old snapshot of
  // the file: other processes' commits stay unseen and this connection's next write fails
  // BUSY. The catalog calls it as each call ends.
  void ResetHanded();
  Result<Stmt> Prepare(std::string_view sql);
  Status Exec(const char* sql);  // fixed SQL only (schema, pragmas)
  int64_t LastInsertRowid() const;
  int Changes() const;

 private:
  Db() = default;
  sqlite3* db_ = nullptr;
  struct Cache;
  std::unique_ptr<Cache> cache_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed.
class Transaction {
 public:
  static Result<Transaction> Begin(Db* db);
  // A read transaction (BEGIN DEFERRED): several queries see one state of the file, and take
  // the file's read lock once.
  static Result<Transaction> BeginRead(Db* db);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_ = nullptr;
};

}  // namespace flowstate::core::catalog

#endif  // FLOWSTATE_SRC_CATALOG_SQLITE_H_
