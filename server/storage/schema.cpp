#include "storage/schema.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <system_error>

namespace pss::storage::schema {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kCreatingSuffix = ".creating";

// Every table a version-1 room file has. Clocks are the primary keys, so the log
// and the snapshots are stored in clock order and read by range without an index.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE changes(
  clock INTEGER PRIMARY KEY,      -- room clock, 1, 2, 3... without gaps
  wall_ms INTEGER NOT NULL,       -- ms since the Unix epoch
  session_id INTEGER NOT NULL,
  author TEXT NOT NULL,           -- display name
  client_id TEXT NOT NULL,
  client_seq INTEGER NOT NULL,
  change BLOB NOT NULL            -- serialized pss.v1.Change (ops as applied)
);
CREATE TABLE snapshots(
  clock INTEGER PRIMARY KEY,
  wall_ms INTEGER NOT NULL,
  bytes BLOB NOT NULL             -- serialized pss.v1.Snapshot
);
-- Highest client_seq per client, so a re-sent push is never applied twice after a
-- restart, even once old changes were archived.
CREATE TABLE clients(
  client_id TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL,
  last_clock INTEGER NOT NULL
) WITHOUT ROWID;
-- Replay recording, apart from the log.
CREATE TABLE sessions(
  seq INTEGER PRIMARY KEY,
  wall_ms INTEGER NOT NULL,
  clock INTEGER NOT NULL,
  kind INTEGER NOT NULL,          -- 1 join, 2 leave
  session_id INTEGER NOT NULL,
  display_name TEXT NOT NULL,
  grp INTEGER NOT NULL,           -- pss.v1.StakeholderGroup
  client_id TEXT NOT NULL
);
CREATE INDEX sessions_by_time ON sessions(wall_ms);
CREATE TABLE presence(
  seq INTEGER PRIMARY KEY,
  wall_ms INTEGER NOT NULL,
  session_id INTEGER NOT NULL,
  x REAL NOT NULL,
  y REAL NOT NULL,
  visible INTEGER NOT NULL,
  selection TEXT NOT NULL         -- record ids separated by spaces (ids hold none)
);
CREATE INDEX presence_by_time ON presence(wall_ms);
CREATE TABLE events(
  seq INTEGER PRIMARY KEY,
  wall_ms INTEGER NOT NULL,
  clock INTEGER NOT NULL,
  session_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  payload BLOB NOT NULL
);
CREATE INDEX events_by_time ON events(wall_ms);
)sql";

constexpr const char* kTables[] = {"meta", "changes", "snapshots", "clients", "sessions", "presence", "events"};

Status sync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return fail(path.string() + ": cannot open to sync: " + std::generic_category().message(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return fail(path.string() + ": cannot sync: " + std::generic_category().message(err));
  return {};
}

Status set_wal(sql::Db& db) {
  auto mode = sql::Stmt::prepare(db, "PRAGMA journal_mode=WAL");
  if (!mode) return Error{mode.error()};
  if (!mode->step()) return mode->error("switch to WAL");
  const std::string got(mode->text(0));
  mode->reset();
  if (got != "wal") return fail(db.path().string() + ": cannot switch to WAL (journal mode stays " + got + ")");
  return {};
}

}  // namespace

bool valid_room_name(std::string_view room) {
  if (room.empty() || room.size() > 64) return false;
  for (char c : room) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

fs::path room_file(const fs::path& rooms_dir, std::string_view room) {
  return rooms_dir / (std::string(room) + std::string(kRoomSuffix));
}

std::optional<std::string> room_of(const fs::path& file) {
  const std::string name = file.filename().string();
  if (name.size() <= kRoomSuffix.size() || !name.ends_with(kRoomSuffix)) return std::nullopt;
  std::string room = name.substr(0, name.size() - kRoomSuffix.size());
  if (!valid_room_name(room)) return std::nullopt;
  return room;
}

fs::path wal_of(const fs::path& file) { return fs::path(file.string() + "-wal"); }

bool is_creation_leftover(const fs::path& file) {
  // The temporary and its -journal, -wal and -shm companions.
  const std::string name = file.filename().string();
  const std::string tag = std::string(kRoomSuffix) + std::string(kCreatingSuffix);
  const auto at = name.rfind(tag);
  if (at == std::string::npos) return false;
  const std::string rest = name.substr(at + tag.size());
  return rest.empty() || rest == "-journal" || rest == "-wal" || rest == "-shm";
}

Status create_room_file(const fs::path& file, std::string_view room, std::string_view base_snapshot,
                        std::int64_t now_ms) {
  const fs::path tmp = file.string() + std::string(kCreatingSuffix);
  std::error_code ec;
  for (const char* companion : {"", "-journal", "-wal", "-shm"}) fs::remove(fs::path(tmp.string() + companion), ec);
  {
    auto db = sql::Db::open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!db) return Error{db.error()};
    // No journal and no sync while building: a crash leaves only a temporary, deleted
    // at the next start. One fsync below makes the whole file durable at once.
    if (auto s = db->exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN"); !s) return s;
    const std::string header = "PRAGMA application_id=" + std::to_string(kApplicationId) +
                               "; PRAGMA user_version=" + std::to_string(kVersion) + ";";
    if (auto s = db->exec(header.c_str()); !s) return s;
    if (auto s = db->exec(kSchema); !s) return s;
    auto meta = sql::Stmt::prepare(*db, "INSERT INTO meta(key, value) VALUES('room', ?1), ('created_ms', ?2)");
    if (!meta) return Error{meta.error()};
    if (auto s = meta->bind_text(1, room).bind(2, now_ms).run("write meta"); !s) return s;
    auto snap = sql::Stmt::prepare(*db, "INSERT INTO snapshots(clock, wall_ms, bytes) VALUES(0, ?1, ?2)");
    if (!snap) return Error{snap.error()};
    if (auto s = snap->bind(1, now_ms).bind_blob(2, base_snapshot).run("write base snapshot"); !s) return s;
    if (auto s = db->exec("COMMIT"); !s) return s;
    // Switch to WAL now (closing checkpoints the tiny WAL away): switching later would
    // cost the writer thread a synced rollback-journal transaction per new room.
    if (auto s = set_wal(*db); !s) return s;
  }
  if (auto s = sync_path(tmp, O_RDONLY); !s) return s;
  fs::rename(tmp, file, ec);
  if (ec) return fail(file.string() + ": cannot create (rename from " + tmp.filename().string() + "): " + ec.message());
  return sync_path(file.parent_path(), O_RDONLY | O_DIRECTORY);
}

Status check(sql::Db& db) {
  const std::string file = db.path().string();
  // Reading the header is where SQLite notices a file that is not a database.
  auto app = db.query_int("PRAGMA application_id");
  if (!app) return fail(file + ": damaged or not an SQLite database (" + db.message() + ")");
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return fail(version.error());
  if (*app != kApplicationId) {
    std::error_code ec;
    if (fs::file_size(db.path(), ec) == 0 && !ec)
      return fail(file + ": empty file (truncated?), expected a PSS room database");
    return fail(file + ": not a PSS room database (application_id " + std::to_string(*app) + ")");
  }
  if (*version > kVersion)
    return fail(file + ": schema version " + std::to_string(*version) + " is newer than this server understands (" +
                std::to_string(kVersion) + "); upgrade pss-server");
  if (*version < 1) return fail(file + ": invalid schema version " + std::to_string(*version));
  auto tables = sql::Stmt::prepare(db, "SELECT count(*) FROM sqlite_schema WHERE type='table' AND name=?1");
  if (!tables) return Error{tables.error()};
  for (const char* name : kTables) {
    tables->bind_text(1, name);
    if (!tables->step()) return tables->error("read schema");
    const bool present = tables->int64(0) == 1;
    tables->reset();
    if (!present) return fail(file + ": table '" + name + "' is missing (schema version " + std::to_string(*version) + ")");
  }
  return {};
}

Status quick_check(sql::Db& db) {
  auto stmt = sql::Stmt::prepare(db, "PRAGMA quick_check(5)");
  if (!stmt) return Error{stmt.error()};
  std::string problems;
  while (stmt->step()) {
    const std::string_view line = stmt->text(0);
    if (line == "ok") return {};
    problems += problems.empty() ? "" : "; ";
    problems += line;
  }
  if (stmt->failed()) return fail(db.path().string() + ": damaged: " + stmt->error("quick_check").message);
  return fail(db.path().string() + ": damaged (quick_check: " + problems + ")");
}

Status configure_writer(sql::Db& db, bool sync_full) {
  if (auto s = set_wal(db); !s) return s;
  // NORMAL in WAL mode: a commit is a write() to the WAL, safe once the process dies;
  // FULL adds an fsync per commit (per group commit, so the cost is shared).
  // The WAL is reused from its start after each complete checkpoint; the size limit
  // gives the disk back after a burst.
  return db.exec(sync_full ? "PRAGMA synchronous=FULL; PRAGMA journal_size_limit=16777216;"
                           : "PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=16777216;");
}

}  // namespace pss::storage::schema
