#include "catalog/sqlite.h"

#include <sqlite3.h>

#include <map>
#include <string>
#include <vector>

#include "common/strings.h"

namespace flowstate::core::catalog {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xFF;
  Code code = Code::kInternal;
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = Code::kBusy;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = Code::kCorrupt;
      break;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      code = Code::kIo;
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      code = Code::kPermissionDenied;
      break;
    case SQLITE_CONSTRAINT:
      code = Code::kAlreadyExists;
      break;
    case SQLITE_NOMEM:
      code = Code::kNoMemory;
      break;
    default:
      break;
  }
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    detail = "the catalog is locked by another writer and stayed locked past the busy timeout";
  } else if (primary == SQLITE_NOTADB) {
    detail = "the file is not a SQLite database";
  }
  return Status(code, StrCat(what, ": ", detail));
}

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (s_ != nullptr) sqlite3_finalize(s_);
    db_ = o.db_;
    s_ = o.s_;
    o.s_ = nullptr;
  }
  return *this;
}

Stmt::~Stmt() {
  if (s_ != nullptr) sqlite3_finalize(s_);
}

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

Result<bool> Stmt::Step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status st = SqliteError(db_, rc, "catalog");
  sqlite3_reset(s_);
  return st;
}

Status Stmt::Run() {
  Result<bool> r = Step();
  if (!r.ok()) return r.status();
  sqlite3_reset(s_);
  return Status();
}

Status Stmt::Reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
  return Status();
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(s_, col); }

std::optional<int64_t> Stmt::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

std::string Stmt::Text(int col) const {
  const unsigned char* t = sqlite3_column_text(s_, col);
  int n = sqlite3_column_bytes(s_, col);
  return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t), n);
}

std::optional<std::string> Stmt::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

bool Stmt::IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

int Stmt::ColumnCount() const { return sqlite3_column_count(s_); }

struct Db::Cache {
  std::map<const char*, Stmt> stmts;  // keyed by the SQL literal's address
  std::vector<Stmt*> handed;          // handed out since the last ResetHanded()
};

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, const Options& options) {
  std::unique_ptr<Db> db(new Db());
  db->cache_ = std::make_unique<Cache>();
  int flags = options.read_only
                  ? SQLITE_OPEN_READONLY
                  : (SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0));
  flags |= SQLITE_OPEN_NOMUTEX;
  std::string name = path;
  if (options.read_only) {
    // A URI, for its parameters: mode=ro never creates, writes or recovers anything;
    // immutable=1 reads the file as it is, without locks or a -shm file.
    flags |= SQLITE_OPEN_URI;
    name = "file:";
    for (char c : path) {
      if (c == '%' || c == '?' || c == '#') {
        static constexpr char kHex[] = "0123456789ABCDEF";
        const auto u = static_cast<unsigned char>(c);
        name += {'%', kHex[u >> 4], kHex[u & 15]};
      } else {
        name += c;
      }
    }
    name += options.immutable ? "?immutable=1" : "?mode=ro";
  }
  int rc = sqlite3_open_v2(name.c_str(), &db->db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st = SqliteError(db->db_, rc, StrCat("cannot open the catalog ", path));
    return st;
  }
  sqlite3_extended_result_codes(db->db_, 1);
  sqlite3_busy_timeout(db->db_, options.busy_timeout_ms);
  return db;
}

Db::~Db() {
  cache_.reset();
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "catalog: preparing a statement");
  return Stmt(db_, s);
}

Result<Stmt*> Db::Cached(const char* sql) {
  auto it = cache_->stmts.find(sql);
  if (it == cache_->stmts.end()) {
    FS_ASSIGN_OR_RETURN(Stmt s, Prepare(sql));
    it = cache_->stmts.emplace(sql, std::move(s)).first;
  }
  it->second.Reset();
  cache_->handed.push_back(&it->second);
  return &it->second;
}

void Db::ResetHanded() {
  for (Stmt* s : cache_->handed) s->Reset();
  cache_->handed.clear();
}

Status Db::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Status st = SqliteError(db_, rc, "catalog");
    sqlite3_free(err);
    return st;
  }
  return Status();
}

int64_t Db::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
int Db::Changes() const { return sqlite3_changes(db_); }

Result<Transaction> Transaction::Begin(Db* db) {
  FS_RETURN_IF_ERROR(db->Exec("BEGIN IMMEDIATE"));
  return Transaction(db);
}

Result<Transaction> Transaction::BeginRead(Db* db) {
  FS_ASSIGN_OR_RETURN(Stmt * begin, db->Cached("BEGIN DEFERRED"));
  FS_RETURN_IF_ERROR(begin->Run());
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Result<Stmt*> commit = db_->Cached("COMMIT");
  Status st = commit.ok() ? (*commit)->Run() : commit.status();
  if (st.ok()) db_ = nullptr;
  return st;
}

}  // namespace flowstate::core::catalog
