#include "storage/room_reader.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>

#include "storage/schema.h"

namespace pss::storage {

namespace {

// Ends a read transaction however the caller leaves: every query of a load must see
// the same state even if the writer commits meanwhile.
class ReadTxn {
 public:
  explicit ReadTxn(sql::Db& db) : db_(db) { ok_ = static_cast<bool>(db_.exec("BEGIN")); }
  ~ReadTxn() {
    if (ok_) (void)db_.exec("COMMIT");
  }
  bool ok() const { return ok_; }

 private:
  sql::Db& db_;
  bool ok_ = false;
};

std::vector<std::string> split_ids(std::string_view text) {
  std::vector<std::string> ids;
  while (!text.empty()) {
    const auto space = text.find(' ');
    if (space != 0) ids.emplace_back(text.substr(0, space));
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return ids;
}

}  // namespace

Result<RoomReader> RoomReader::open(const std::filesystem::path& file, bool read_only) {
  auto db = sql::Db::open(file, read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  if (!db) return Error{db.error()};
  if (auto s = schema::check(*db); !s) return Error{s.error()};
  return RoomReader(std::move(db).value());
}

Status RoomReader::quick_check() { return schema::quick_check(db_); }

Result<LoadedRoom> RoomReader::load(const pss::Limits& limits, bool check) {
  if (check) {
    if (auto s = quick_check(); !s) return Error{s.error()};
  }
  ReadTxn txn(db_);
  if (!txn.ok()) return db_.error("cannot start reading");

  auto last = last_clock();
  if (!last) return Error{last.error()};
  auto snap = sql::Stmt::prepare(db_, "SELECT clock, bytes FROM snapshots ORDER BY clock DESC LIMIT 1");
  if (!snap) return Error{snap.error()};
  if (!snap->step()) return snap->failed() ? snap->error("read snapshots") : at("no snapshot at all (damaged file)");
  const std::uint64_t snapshot_clock = snap->uint64(0);
  if (snapshot_clock > *last)
    return at("snapshot at clock " + std::to_string(snapshot_clock) + " but the change log ends at clock " +
              std::to_string(*last) + " (changes lost)");

  auto map = replay(snapshot_clock, snap->blob(1), kEnd, limits);
  if (!map) return Error{map.error()};
  auto seqs = client_seqs();
  if (!seqs) return Error{seqs.error()};
  if (map->clock() != *last)
    return at("replay ended at clock " + std::to_string(map->clock()) + ", log at " + std::to_string(*last));
  auto state = sql::Stmt::prepare(db_, "SELECT value FROM meta WHERE key = 'facilitation'");
  if (!state) return Error{state.error()};
  std::string facilitation;
  if (state->step())
    facilitation = std::string(state->blob(0));
  else if (state->failed())
    return state->error("read the facilitation state");
  return LoadedRoom{std::move(map).value(), std::move(seqs).value(), *last, snapshot_clock, false,
                    std::move(facilitation)};
}

Result<pss::StrategyMap> RoomReader::state_at(std::uint64_t clock, const pss::Limits& limits) {
  ReadTxn txn(db_);
  auto snap =
      sql::Stmt::prepare(db_, "SELECT clock, bytes FROM snapshots WHERE clock <= ?1 ORDER BY clock DESC LIMIT 1");
  if (!snap) return Error{snap.error()};
  snap->bind(1, clock);
  if (!snap->step())
    return snap->failed() ? snap->error("read snapshots")
                          : at("no snapshot at or before clock " + std::to_string(clock));
  return replay(snap->uint64(0), snap->blob(1), clock, limits);
}

Result<pss::StrategyMap> RoomReader::replay(std::uint64_t snapshot_clock, std::string_view bytes, std::uint64_t to,
                                            const pss::Limits& limits) {
  const std::string where = "snapshot at clock " + std::to_string(snapshot_clock);
  pss::v1::Snapshot snapshot;
  if (!snapshot.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return at(where + " does not decode");
  if (snapshot.clock() != snapshot_clock) return at(where + " holds clock " + std::to_string(snapshot.clock()));
  pss::Rejection why;
  auto map = pss::StrategyMap::from_snapshot(snapshot, limits, &why);
  if (!map) return at(where + " is invalid: " + why.detail);

  auto stmt =
      sql::Stmt::prepare(db_, "SELECT clock, change FROM changes WHERE clock > ?1 AND clock <= ?2 ORDER BY clock");
  if (!stmt) return Error{stmt.error()};
  stmt->bind(1, snapshot_clock).bind(2, static_cast<std::int64_t>(std::min<std::uint64_t>(to, INT64_MAX)));
  pss::v1::Change change;  // reused: replaying 100,000 changes is the slow part of a load
  std::uint64_t expect = snapshot_clock + 1;
  while (stmt->step()) {
    const std::uint64_t clock = stmt->uint64(0);
    if (clock != expect)
      return at("change log has a gap: clock " + std::to_string(clock) + " follows " + std::to_string(expect - 1));
    const auto blob = stmt->blob(1);
    if (!change.ParseFromArray(blob.data(), static_cast<int>(blob.size())) || change.clock() != clock)
      return at("change at clock " + std::to_string(clock) + " does not decode");
    if (auto failed = map->apply(change.ops(), pss::ApplyContext{clock, nullptr}))
      return at("change at clock " + std::to_string(clock) + " does not apply: " + failed->detail);
    ++expect;
  }
  if (stmt->failed()) return stmt->error("read changes");
  return std::move(*map);
}

Status RoomReader::changes(std::uint64_t from, std::uint64_t to, const std::function<bool(const ChangeRecord&)>& fn) {
  auto stmt =
      sql::Stmt::prepare(db_,
                         "SELECT clock, wall_ms, session_id, author, client_id, client_seq, change FROM changes "
                         "WHERE clock >= ?1 AND clock <= ?2 ORDER BY clock");
  if (!stmt) return Error{stmt.error()};
  stmt->bind(1, from).bind(2, static_cast<std::int64_t>(std::min<std::uint64_t>(to, INT64_MAX)));
  ChangeRecord rec;
  while (stmt->step()) {
    rec.clock = stmt->uint64(0);
    rec.wall_ms = stmt->int64(1);
    rec.session_id = static_cast<std::uint32_t>(stmt->int64(2));
    rec.author = stmt->text(3);
    rec.client_id = stmt->text(4);
    rec.client_seq = stmt->uint64(5);
    const auto blob = stmt->blob(6);
    if (!rec.change.ParseFromArray(blob.data(), static_cast<int>(blob.size())))
      return at("change at clock " + std::to_string(rec.clock) + " does not decode");
    if (!fn(rec)) return {};
  }
  if (stmt->failed()) return stmt->error("read changes");
  return {};
}

Result<std::vector<SnapshotInfo>> RoomReader::snapshots() {
  auto stmt = sql::Stmt::prepare(db_, "SELECT clock, wall_ms, length(bytes) FROM snapshots ORDER BY clock");
  if (!stmt) return Error{stmt.error()};
  std::vector<SnapshotInfo> out;
  while (stmt->step()) out.push_back({stmt->uint64(0), stmt->int64(1), static_cast<std::size_t>(stmt->int64(2))});
  if (stmt->failed()) return stmt->error("read snapshots");
  return out;
}

Result<std::string> RoomReader::snapshot_bytes(std::uint64_t clock) {
  auto stmt = sql::Stmt::prepare(db_, "SELECT bytes FROM snapshots WHERE clock = ?1");
  if (!stmt) return Error{stmt.error()};
  stmt->bind(1, clock);
  if (!stmt->step())
    return stmt->failed() ? stmt->error("read snapshot") : at("no snapshot at clock " + std::to_string(clock));
  return std::string(stmt->blob(0));
}

Result<std::uint64_t> RoomReader::last_clock() {
  auto v = db_.query_int("SELECT coalesce(max(clock), 0) FROM changes");
  if (!v) return Error{v.error()};
  return static_cast<std::uint64_t>(*v);
}

Result<std::map<std::string, std::uint64_t>> RoomReader::client_seqs() {
  auto stmt = sql::Stmt::prepare(db_, "SELECT client_id, last_seq FROM clients");
  if (!stmt) return Error{stmt.error()};
  std::map<std::string, std::uint64_t> out;
  while (stmt->step()) out.emplace(std::string(stmt->text(0)), stmt->uint64(1));
  if (stmt->failed()) return stmt->error("read clients");
  return out;
}

Status RoomReader::session_events(std::int64_t from_ms, std::int64_t to_ms,
                                  const std::function<bool(const SessionEvent&)>& fn) {
  auto stmt = sql::Stmt::prepare(db_,
                                 "SELECT kind, wall_ms, clock, session_id, display_name, grp, client_id FROM sessions "
                                 "WHERE wall_ms >= ?1 AND wall_ms < ?2 ORDER BY seq");
  if (!stmt) return Error{stmt.error()};
  stmt->bind(1, from_ms).bind(2, to_ms);
  SessionEvent e;
  while (stmt->step()) {
    e.kind = static_cast<SessionEventKind>(stmt->int64(0));
    e.wall_ms = stmt->int64(1);
    e.clock = stmt->uint64(2);
    e.session_id = static_cast<std::uint32_t>(stmt->int64(3));
    e.display_name = stmt->text(4);
    e.group = static_cast<pss::v1::StakeholderGroup>(stmt->int64(5));
    e.client_id = stmt->text(6);
    if (!fn(e)) return {};
  }
  if (stmt->failed()) return stmt->error("read sessions");
  return {};
}

Status RoomReader::presence(std::int64_t from_ms, std::int64_t to_ms,
                            const std::function<bool(const PresenceSample&)>& fn) {
  auto stmt = sql::Stmt::prepare(db_,
                                 "SELECT wall_ms, session_id, x, y, visible, selection FROM presence "
                                 "WHERE wall_ms >= ?1 AND wall_ms < ?2 ORDER BY seq");
  if (!stmt) return Error{stmt.error()};
  stmt->bind(1, from_ms).bind(2, to_ms);
  PresenceSample p;
  while (stmt->step()) {
    p.wall_ms = stmt->int64(0);
    p.session_id = static_cast<std::uint32_t>(stmt->int64(1));
    p.x = stmt->real(2);
    p.y = stmt->real(3);
    p.visible = stmt->int64(4) != 0;
    p.selection = split_ids(stmt->text(5));
    if (!fn(p)) return {};
  }
  if (stmt->failed()) return stmt->error("read presence");
  return {};
}

Status RoomReader::events(std::int64_t from_ms, std::int64_t to_ms,
                          const std::function<bool(const FacilitationEvent&)>& fn) {
  auto stmt = sql::Stmt::prepare(db_,
                                 "SELECT wall_ms, clock, session_id, kind, payload FROM events "
                                 "WHERE wall_ms >= ?1 AND wall_ms < ?2 ORDER BY seq");
  if (!stmt) return Error{stmt.error()};
  stmt->bind(1, from_ms).bind(2, to_ms);
  FacilitationEvent e;
  while (stmt->step()) {
    e.wall_ms = stmt->int64(0);
    e.clock = stmt->uint64(1);
    e.session_id = static_cast<std::uint32_t>(stmt->int64(2));
    e.kind = stmt->text(3);
    e.payload = stmt->blob(4);
    if (!fn(e)) return {};
  }
  if (stmt->failed()) return stmt->error("read events");
  return {};
}

Result<std::int64_t> RoomReader::last_activity_ms() {
  return db_.query_int(
      "SELECT max(coalesce((SELECT wall_ms FROM changes ORDER BY clock DESC LIMIT 1), 0),"
      "           coalesce((SELECT max(wall_ms) FROM sessions), 0),"
      "           coalesce((SELECT max(wall_ms) FROM events), 0))");
}

}  // namespace pss::storage
