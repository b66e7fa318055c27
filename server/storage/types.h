// Plain data of the storage layer: options, what is logged, what is read back.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/strategy_map.h"
#include "pss.pb.h"
#include "storage/result.h"

namespace pss::storage {

struct StoreOptions {
  std::filesystem::path dir = "pss-data";
  // The server snapshots a room after this many changes (Store::append says when);
  // 0: never (only the empty map at clock 0 and snapshots the server asks for).
  std::size_t snapshot_every = 1000;
  // Group commit: a queued append waits at most this long for company.
  std::chrono::milliseconds flush_interval{2};
  // A flush starts at once when this many log items are queued.
  std::size_t max_batch = 4096;
  // false: synchronous=NORMAL, durable against a crash of the process (SIGKILL) but not
  // of the machine; true: synchronous=FULL, each group commit also fsyncs (power loss).
  bool sync_full = false;
  // Lists, loads and reads only: no lock on the directory, no writer thread, never
  // creates anything. For `pss-server rooms` and replay tools next to a live server.
  bool read_only = false;
  // Run PRAGMA quick_check on a room file before loading it (costs a read of the file).
  bool quick_check_on_load = true;
  // At open, a damaged room file is an error (false) or is only reported by damaged()
  // and refused by load_room (true), so one bad room need not keep the server down.
  bool skip_damaged = false;
  // Low-priority recording: presence samples queued beyond this are dropped.
  std::size_t max_pending_presence = 10000;
  // Room files the writer keeps open (3 descriptors each); the least recently
  // written beyond this are closed.
  std::size_t max_open_rooms = 256;
};

// Called once an append is on disk (ok) or could not be written (the error).
using OnDurable = std::function<void(const Status&)>;

// One committed push as logged. `change` holds clock, session id and the ops as
// applied; `clock` must equal change.clock().
struct ChangeRecord {
  std::uint64_t clock = 0;
  std::int64_t wall_ms = 0;  // ms since the Unix epoch
  std::uint32_t session_id = 0;
  std::string author;     // display name of the session
  std::string client_id;  // Hello.client_id (or the server's per-session key)
  std::uint64_t client_seq = 0;
  pss::v1::Change change;
  // The room's facilitation state after this change (serialized StoredFacilitation),
  // when the change altered it: written in the same transaction.
  std::optional<std::string> facilitation;
};

enum class SessionEventKind : int { join = 1, leave = 2 };

struct SessionEvent {
  SessionEventKind kind = SessionEventKind::join;
  std::int64_t wall_ms = 0;
  std::uint64_t clock = 0;  // room clock at the moment
  std::uint32_t session_id = 0;
  std::string display_name;
  pss::v1::StakeholderGroup group = pss::v1::STAKEHOLDER_GROUP_UNSPECIFIED;
  std::string client_id;
};

struct PresenceSample {
  std::int64_t wall_ms = 0;
  std::uint32_t session_id = 0;
  double x = 0, y = 0;
  bool visible = false;
  std::vector<std::string> selection;  // record ids
};

// Generic facilitation event (timer started, vote opened...): kinds are defined by a
// later issue; the store keeps them opaque.
struct FacilitationEvent {
  std::int64_t wall_ms = 0;
  std::uint64_t clock = 0;
  std::uint32_t session_id = 0;
  std::string kind;
  std::string payload;
};

// A room as loaded: the map at its last durable clock.
struct LoadedRoom {
  pss::StrategyMap map;
  std::map<std::string, std::uint64_t> last_client_seq;  // client_id -> highest client_seq logged
  std::uint64_t changes = 0;                             // log length (= map.clock(): clocks start at 1, no gaps)
  std::uint64_t snapshot_clock = 0;                      // clock of the snapshot the load started from
  bool created = false;                                  // the room did not exist: this load created it
  std::string facilitation;                              // serialized StoredFacilitation; empty: none stored
};

struct SnapshotInfo {
  std::uint64_t clock = 0;
  std::int64_t wall_ms = 0;
  std::size_t bytes = 0;
};

struct RoomSummary {
  std::string name;
  std::size_t elements = 0;
  std::size_t links = 0;
  std::uint64_t changes = 0;
  std::int64_t last_activity_ms = 0;  // latest change, join/leave or event; 0 if none
  std::uintmax_t file_bytes = 0;      // database + WAL
  std::string error;                  // set: the room could not be read (the rest is unset)
};

}  // namespace pss::storage
