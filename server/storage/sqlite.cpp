#include "storage/sqlite.h"

#include <sqlite3.h>

namespace pss::storage::sql {

Result<Db> Db::open(const std::filesystem::path& path, int flags) {
  // Before SQLite's first use: no up-front page cache per connection. By default each
  // connection fills 20 pages (~88 KiB) at once; the server holds one per room, and in
  // 500 idle rooms that was half of the memory per connected person (8 of 16 KiB).
  // Pages are still cached as they are read. (A no-op if SQLite is already running.)
  static const bool configured = sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0) == SQLITE_OK;
  (void)configured;
  Db db;
  db.path_ = path;
  const int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = path.string() + ": cannot open: " + (db.db_ ? sqlite3_errmsg(db.db_) : sqlite3_errstr(rc));
    return fail(std::move(msg));
  }
  sqlite3_extended_result_codes(db.db_, 1);
  // Another connection (a reader, a checkpoint) may hold a lock for a moment.
  sqlite3_busy_timeout(db.db_, 5000);
  return db;
}

Db::Db(Db&& other) noexcept : db_(other.db_), path_(std::move(other.path_)) { other.db_ = nullptr; }

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    close();
    db_ = other.db_;
    path_ = std::move(other.path_);
    other.db_ = nullptr;
  }
  return *this;
}

Db::~Db() { close(); }

void Db::close() {
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Status Db::exec(const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) == SQLITE_OK) return {};
  std::string text = path_.string() + ": " + (msg ? msg : sqlite3_errmsg(db_)) + " (in: " + sql + ")";
  sqlite3_free(msg);
  return fail(std::move(text));
}

Error Db::error(std::string_view what) const {
  return Error{path_.string() + ": " + std::string(what) + ": " + (db_ ? sqlite3_errmsg(db_) : "not open")};
}

std::string Db::message() const { return db_ ? sqlite3_errmsg(db_) : "not open"; }

Result<std::int64_t> Db::query_int(const char* sql) {
  auto stmt = Stmt::prepare(*this, sql);
  if (!stmt) return Error{stmt.error()};
  if (!stmt->step()) return stmt->failed() ? stmt->error(sql) : fail(path_.string() + ": no result for " + sql);
  return stmt->int64(0);
}

Result<Stmt> Stmt::prepare(Db& db, std::string_view sql) {
  Stmt s;
  if (sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s.stmt_,
                         nullptr) != SQLITE_OK)
    return db.error("cannot prepare \"" + std::string(sql) + "\"");
  return s;
}

Stmt::Stmt(Stmt&& other) noexcept : stmt_(other.stmt_), rc_(other.rc_) { other.stmt_ = nullptr; }

Stmt& Stmt::operator=(Stmt&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    rc_ = other.rc_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Stmt& Stmt::bind(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}

Stmt& Stmt::bind_text(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}

Stmt& Stmt::bind_blob(int i, std::string_view v) {
  // A zero-length blob must still be a blob, not NULL: give SQLite a valid pointer.
  sqlite3_bind_blob(stmt_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}

bool Stmt::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  rc_ = rc == SQLITE_DONE ? 0 : rc;
  return false;
}

Status Stmt::run(std::string_view what) {
  step();
  Status status = failed() ? Status(error(what)) : Status();
  reset();
  return status;
}

void Stmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  rc_ = 0;
}

Error Stmt::error(std::string_view what) const {
  // The statement knows its connection, and the connection its file.
  sqlite3* db = sqlite3_db_handle(stmt_);
  const char* file = sqlite3_db_filename(db, "main");
  return Error{std::string(file ? file : "?") + ": " + std::string(what) + ": " + sqlite3_errmsg(db)};
}

std::int64_t Stmt::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Stmt::real(int col) const { return sqlite3_column_double(stmt_, col); }
bool Stmt::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::string_view Stmt::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}

std::string_view Stmt::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}

}  // namespace pss::storage::sql
