// RoomReader: reads one room file, for loading at start, listing, replay and export.
// Opens its own connection, so it may run beside the writer (WAL readers never block
// the writer, nor it them). Each call sees the durable state at the moment it starts.
// Not thread-safe: one reader per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "model/limits.h"
#include "storage/result.h"
#include "storage/sqlite.h"
#include "storage/types.h"

namespace pss::storage {

class RoomReader {
 public:
  static constexpr std::uint64_t kEnd = std::numeric_limits<std::uint64_t>::max();
  static constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max();

  // Opens an existing room file and checks it is one (schema.h: check). read_only
  // opens without write access (a directory another process owns).
  static Result<RoomReader> open(const std::filesystem::path& file, bool read_only = true);

  // Latest snapshot + the changes after it, with every step checked: the snapshot
  // decodes, clocks follow each other, every change applies. Any failure is an error
  // naming the file and the clock.
  Result<LoadedRoom> load(const pss::Limits& limits, bool quick_check);
  // The map at `clock` (nearest snapshot at or before it + replay): timeline scrubbing.
  Result<pss::StrategyMap> state_at(std::uint64_t clock, const pss::Limits& limits);

  // Changes with from <= clock <= to, ascending; stops early when fn returns false.
  Status changes(std::uint64_t from, std::uint64_t to, const std::function<bool(const ChangeRecord&)>& fn);
  Result<std::vector<SnapshotInfo>> snapshots();
  Result<std::string> snapshot_bytes(std::uint64_t clock);  // exactly that clock
  Result<std::uint64_t> last_clock();                       // 0: no changes
  Result<std::map<std::string, std::uint64_t>> client_seqs();

  // Replay recordings with from_ms <= wall_ms < to_ms, in the order recorded.
  Status session_events(std::int64_t from_ms, std::int64_t to_ms, const std::function<bool(const SessionEvent&)>& fn);
  Status presence(std::int64_t from_ms, std::int64_t to_ms, const std::function<bool(const PresenceSample&)>& fn);
  Status events(std::int64_t from_ms, std::int64_t to_ms, const std::function<bool(const FacilitationEvent&)>& fn);

  // Latest wall time of a change, join/leave or event; 0 if none.
  Result<std::int64_t> last_activity_ms();
  Status quick_check();

  const std::filesystem::path& file() const { return db_.path(); }

 private:
  explicit RoomReader(sql::Db db) : db_(std::move(db)) {}
  Result<pss::StrategyMap> replay(std::uint64_t snapshot_clock, std::string_view snapshot_bytes, std::uint64_t to,
                                  const pss::Limits& limits);
  Error at(std::string_view what) const { return Error{db_.path().string() + ": " + std::string(what)}; }

  sql::Db db_;
};

}  // namespace pss::storage
