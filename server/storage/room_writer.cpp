#include "storage/room_writer.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <string_view>

#include "storage/schema.h"

namespace pss::storage {

namespace fs = std::filesystem;

Result<std::unique_ptr<RoomWriter>> RoomWriter::open(const fs::path& file, bool sync_full) {
  auto db = sql::Db::open(file, SQLITE_OPEN_READWRITE);  // no CREATE: the Store made it (create_room_file)
  if (!db) return Error{db.error()};
  std::unique_ptr<RoomWriter> w(new RoomWriter());
  w->db_ = std::move(db).value();
  if (auto s = schema::check(w->db_); !s) return Error{s.error()};
  if (auto s = schema::configure_writer(w->db_, sync_full); !s) return Error{s.error()};
  if (auto s = w->prepare(); !s) return Error{s.error()};
  // Replaces auto-checkpointing (and turns it off): see take_checkpoint_request().
  sqlite3_wal_hook(
      w->db_.get(),
      [](void* self, sqlite3*, const char*, int pages) {
        static_cast<RoomWriter*>(self)->wal_pages_ = pages;
        return SQLITE_OK;
      },
      w.get());
  auto last = w->db_.query_int("SELECT coalesce(max(clock), 0) FROM changes");
  if (!last) return Error{last.error()};
  w->last_clock_ = static_cast<std::uint64_t>(*last);
  return w;
}

Status RoomWriter::prepare() {
  struct {
    sql::Stmt* stmt;
    const char* text;
  } const all[] = {
      {&change_,
       "INSERT INTO changes(clock, wall_ms, session_id, author, client_id, client_seq, change) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&snapshot_, "INSERT OR REPLACE INTO snapshots(clock, wall_ms, bytes) VALUES(?1, ?2, ?3)"},
      {&facilitation_, "INSERT OR REPLACE INTO meta(key, value) VALUES('facilitation', ?1)"},
      {&client_,
       "INSERT INTO clients(client_id, last_seq, last_clock) VALUES(?1, ?2, ?3) ON CONFLICT(client_id) "
       "DO UPDATE SET last_seq = max(last_seq, excluded.last_seq), last_clock = excluded.last_clock"},
      {&session_,
       "INSERT INTO sessions(wall_ms, clock, kind, session_id, display_name, grp, client_id) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&presence_,
       "INSERT INTO presence(wall_ms, session_id, x, y, visible, selection) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
      {&event_, "INSERT INTO events(wall_ms, clock, session_id, kind, payload) VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&begin_, "BEGIN IMMEDIATE"},
      {&commit_, "COMMIT"},
      {&rollback_, "ROLLBACK"},
  };
  for (const auto& s : all) {
    auto stmt = sql::Stmt::prepare(db_, s.text);
    if (!stmt) return Error{stmt.error()};
    *s.stmt = std::move(stmt).value();
  }
  return {};
}

Status RoomWriter::in_transaction(const std::function<Status()>& body) {
  // IMMEDIATE: take the write lock up front rather than fail half-way on a busy file.
  if (auto s = begin_.run("begin transaction"); !s) return s;
  Status s = body();
  if (s) s = commit_.run("commit");
  if (!s) (void)rollback_.run("roll back");
  return s;
}

Status RoomWriter::write_log(std::vector<LogItem>& items) {
  std::uint64_t clock = last_clock_;
  for (const auto& item : items) {
    if (const auto* c = std::get_if<QueuedChange>(&item)) {
      if (c->rec.clock != clock + 1 || c->rec.change.clock() != c->rec.clock)
        return fail(db_.path().string() + ": refused append of clock " + std::to_string(c->rec.clock) +
                    " (change says " + std::to_string(c->rec.change.clock()) + ") after clock " +
                    std::to_string(clock) + ": clocks must follow each other");
      ++clock;
    } else if (std::holds_alternative<QueuedSnapshot>(item) && std::get<QueuedSnapshot>(item).clock > clock) {
      return fail(db_.path().string() + ": refused snapshot at clock " +
                  std::to_string(std::get<QueuedSnapshot>(item).clock) + " ahead of the log (clock " +
                  std::to_string(clock) + ")");
    }
  }
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  Status s = in_transaction([&]() -> Status {
    // Highest seq per client in this batch: one upsert per client, not per change.
    std::map<std::string_view, std::pair<std::uint64_t, std::uint64_t>> clients;
    for (auto& item : items) {
      if (auto* c = std::get_if<QueuedChange>(&item)) {
        const ChangeRecord& r = c->rec;
        buffer_.clear();
        r.change.AppendToString(&buffer_);
        change_.bind(1, r.clock).bind(2, r.wall_ms).bind(3, r.session_id).bind_text(4, r.author);
        change_.bind_text(5, r.client_id).bind(6, r.client_seq).bind_blob(7, buffer_);
        if (auto st = change_.run("append change"); !st) return st;
        auto& seen = clients[r.client_id];
        seen = {std::max(seen.first, r.client_seq), r.clock};
        if (r.facilitation) {
          facilitation_.bind_blob(1, *r.facilitation);
          if (auto st = facilitation_.run("write facilitation state"); !st) return st;
        }
      } else if (const auto* f = std::get_if<QueuedFacilitation>(&item)) {
        facilitation_.bind_blob(1, f->bytes);
        if (auto st = facilitation_.run("write facilitation state"); !st) return st;
      } else {
        const auto& snap = std::get<QueuedSnapshot>(item);
        snapshot_.bind(1, snap.clock).bind(2, now).bind_blob(3, snap.bytes);
        if (auto st = snapshot_.run("write snapshot"); !st) return st;
      }
    }
    for (const auto& [id, seen] : clients) {
      client_.bind_text(1, id).bind(2, seen.first).bind(3, seen.second);
      if (auto st = client_.run("record client_seq"); !st) return st;
    }
    return {};
  });
  if (s) last_clock_ = clock;
  return s;
}

Status RoomWriter::write_replay(const ReplayItems& items) {
  return in_transaction([&]() -> Status {
    for (const auto& e : items.sessions) {
      session_.bind(1, e.wall_ms).bind(2, e.clock).bind(3, static_cast<int>(e.kind)).bind(4, e.session_id);
      session_.bind_text(5, e.display_name).bind(6, static_cast<int>(e.group)).bind_text(7, e.client_id);
      if (auto st = session_.run("record join/leave"); !st) return st;
    }
    std::string selection;
    for (const auto& p : items.presence) {
      selection.clear();
      for (const auto& id : p.selection) selection.append(selection.empty() ? "" : " ").append(id);
      presence_.bind(1, p.wall_ms).bind(2, p.session_id).bind(3, p.x).bind(4, p.y).bind(5, p.visible ? 1 : 0);
      presence_.bind_text(6, selection);
      if (auto st = presence_.run("record presence"); !st) return st;
    }
    for (const auto& e : items.events) {
      event_.bind(1, e.wall_ms).bind(2, e.clock).bind(3, e.session_id).bind_text(4, e.kind).bind_blob(5, e.payload);
      if (auto st = event_.run("record event"); !st) return st;
    }
    return {};
  });
}

}  // namespace pss::storage
