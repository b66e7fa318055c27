// RoomWriter: the writer thread's connection to one room file, with its prepared
// statements. Only the Store's writer thread touches it. Each write_* call is one
// transaction, so a batch is durable whole or not at all.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "storage/result.h"
#include "storage/sqlite.h"
#include "storage/types.h"

namespace pss::storage {

struct QueuedChange {
  ChangeRecord rec;
  OnDurable on_durable;
  std::chrono::steady_clock::time_point queued;
};
struct QueuedSnapshot {
  std::uint64_t clock = 0;
  std::string bytes;
};
// The room's facilitation state (serialized StoredFacilitation), replacing the last.
struct QueuedFacilitation {
  std::string bytes;
};
using LogItem = std::variant<QueuedChange, QueuedSnapshot, QueuedFacilitation>;

// Low-priority recordings, written in their own transaction after the log's.
struct ReplayItems {
  std::vector<SessionEvent> sessions;
  std::vector<PresenceSample> presence;
  std::vector<FacilitationEvent> events;
  bool empty() const { return sessions.empty() && presence.empty() && events.empty(); }
  std::size_t size() const { return sessions.size() + presence.size() + events.size(); }
};

class RoomWriter {
 public:
  // Opens an existing room file (Store creates it first: schema.h create_room_file).
  static Result<std::unique_ptr<RoomWriter>> open(const std::filesystem::path& file, bool sync_full);

  // Appends changes and snapshots in order. Clocks must continue the log without a gap
  // and a snapshot may not be ahead of the log: a violation is a server bug, refused
  // before anything is written.
  Status write_log(std::vector<LogItem>& items);
  Status write_replay(const ReplayItems& items);

  std::uint64_t last_clock() const { return last_clock_; }
  std::uint64_t last_use = 0;  // Store's LRU tick

  const std::filesystem::path& file() const { return db_.path(); }
  // SQLite would checkpoint inside a COMMIT, delaying that batch's acks; that is off,
  // and this says (once per crossing) that the WAL is due for the Checkpointer.
  bool take_checkpoint_request() {
    if (wal_pages_ < kCheckpointPages) return false;
    wal_pages_ = 0;  // the next commit reports the size again
    return true;
  }

 private:
  RoomWriter() = default;
  Status prepare();
  Status in_transaction(const std::function<Status()>& body);

  sql::Db db_;
  sql::Stmt change_, snapshot_, facilitation_, client_, session_, presence_, event_, begin_, commit_, rollback_;
  static constexpr int kCheckpointPages = 1000;  // SQLite's default threshold, ~4 MB

  std::uint64_t last_clock_ = 0;
  int wal_pages_ = 0;   // WAL frames after the last commit (sqlite3_wal_hook)
  std::string buffer_;  // serialized Change, reused
};

}  // namespace pss::storage
