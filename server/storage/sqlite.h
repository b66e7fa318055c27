// A thin RAII layer over the SQLite C API: a connection that knows its file (for error
// messages) and prepared statements with typed bind/column helpers. Nothing more: the
// SQL stays visible where it is used.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "storage/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pss::storage::sql {

class Db {
 public:
  // flags: SQLITE_OPEN_* (NOMUTEX is added: a connection is used by one thread at a time).
  static Result<Db> open(const std::filesystem::path& path, int flags);

  Db() = default;
  Db(Db&& other) noexcept;
  Db& operator=(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  sqlite3* get() const { return db_; }
  const std::filesystem::path& path() const { return path_; }
  bool is_open() const { return db_ != nullptr; }
  void close();

  Status exec(const char* sql);
  // "<file>: <what>: <SQLite's message>"
  Error error(std::string_view what) const;
  std::string message() const;  // SQLite's message alone
  // First column of the first row of a query returning one integer (PRAGMAs).
  Result<std::int64_t> query_int(const char* sql);

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

class Stmt {
 public:
  static Result<Stmt> prepare(Db& db, std::string_view sql);

  Stmt() = default;
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&& other) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Parameters count from 1, as in SQLite.
  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, std::uint64_t v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, std::uint32_t v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, double v);
  Stmt& bind_text(int i, std::string_view v);  // not copied: must outlive step()
  Stmt& bind_blob(int i, std::string_view v);  // not copied: must outlive step()

  // true: a row is ready; false: done. Errors become `failed()`.
  bool step();
  // Runs a statement that returns no rows, then resets it.
  Status run(std::string_view what);
  void reset();
  bool failed() const { return rc_ != 0; }
  Error error(std::string_view what) const;

  std::int64_t int64(int col) const;
  std::uint64_t uint64(int col) const { return static_cast<std::uint64_t>(int64(col)); }
  double real(int col) const;
  std::string_view text(int col) const;
  std::string_view blob(int col) const;
  bool is_null(int col) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = 0;  // last error code of step(), 0 if none
};

}  // namespace pss::storage::sql
