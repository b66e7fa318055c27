// Store: durable rooms. Every committed change of every room goes to the room's log
// in DIR/rooms/<room>.sqlite (see schema.h, data_dir.h); a room is loaded back as its
// latest snapshot plus the changes after it.
//
// Acknowledge only what is durable: append() only queues. One writer thread takes
// everything queued (all rooms) every flush_interval, or at once when max_batch items
// wait, writes each room's share in ONE transaction (group commit), and then calls the
// append callbacks, per room in append order, from the writer thread. The server posts
// them back to the room's strand and only then broadcasts the change and answers the
// push (a client never sees a change a crash could take back). Nothing slow runs on
// the writer thread: rooms are created by load_room() on the caller's thread and WAL
// checkpoints (the fsyncs) run on the Checkpointer's.
//
// Joins/leaves, presence and facilitation events go in their own tables and their own
// transaction after the log's callbacks ran, so recording never delays an ack;
// presence beyond max_pending_presence is dropped.
//
// Thread-safe, except that a room is loaded by one caller at a time and its appends
// come from one thread (the room strand) in clock order. Callbacks run on the writer
// thread and must not block on the store (flush, load_room, flush_and_stop).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "model/limits.h"
#include "storage/checkpointer.h"
#include "storage/data_dir.h"
#include "storage/result.h"
#include "storage/room_reader.h"
#include "storage/room_writer.h"
#include "storage/types.h"

namespace pss::storage {

struct StoreStats {
  std::uint64_t changes = 0;           // appended and durable
  std::uint64_t transactions = 0;      // log transactions (one per room per flush)
  std::uint64_t flushes = 0;           // writer rounds
  std::uint64_t largest_batch = 0;     // log items in one round
  std::uint64_t presence_dropped = 0;  // samples over max_pending_presence
  std::uint64_t failed = 0;            // appends answered with an error
  std::uint64_t writer_cpu_us = 0;     // CPU time of the writer thread (its capacity)
  std::uint64_t writer_busy_us = 0;    // wall time writing: CPU, I/O waits, preemption
  std::uint64_t slowest_ack_us = 0;    // longest append-to-callback wait seen
  std::uint64_t queued = 0;            // changes and snapshots waiting now (backlog)
};

class Store {
 public:
  // Opens (read-write: creates) the data directory and checks every room file's header
  // and schema. Errors name the file and the problem; with skip_damaged they are
  // reported by damaged() instead and those rooms refuse to load.
  static Result<std::unique_ptr<Store>> open(StoreOptions options);
  ~Store();  // flush_and_stop()
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const StoreOptions& options() const { return options_; }
  const std::filesystem::path& dir() const { return dir_.root(); }
  std::vector<std::string> damaged() const;

  // The room as last made durable. A room that does not exist yet is created here (on
  // the caller's thread, not the writer's: it costs two fsyncs) as
  // StrategyMap::with_default_rows() at clock 0, stored as its base snapshot;
  // `created` says so. Read-only stores answer an error instead. Waits for the room's
  // queued writes first. A damaged file, or a missing one that ROOMS lists, is an
  // error, never an empty room. Also clears a failed state of the room (see append).
  Result<LoadedRoom> load_room(const std::string& room, const pss::Limits& limits);

  // Queues a committed change (rec.clock = previous clock + 1 = rec.change.clock()).
  // on_durable(status) runs on the writer thread once the change is on disk (status ok)
  // or could not be written (the error; the room's writes then keep failing until
  // load_room() reloads it, so the room must be closed and reloaded, not continued).
  // After flush_and_stop() it runs at once with an error. Returns true when a snapshot
  // is due (snapshot_every changes since the last): call write_snapshot().
  bool append(const std::string& room, ChangeRecord rec, OnDurable on_durable = {});
  // Queues a snapshot (StrategyMap::snapshot_bytes()) at `clock`, ordered after the
  // appends before it. Also on clean shutdown, before flush_and_stop().
  void write_snapshot(const std::string& room, std::uint64_t clock, std::string bytes);
  // Queues the room's facilitation state (serialized StoredFacilitation), ordered with
  // the appends around it (a state that comes with a change goes in ChangeRecord).
  void write_facilitation(const std::string& room, std::string bytes);

  void record_session_event(const std::string& room, SessionEvent event);
  bool record_presence(const std::string& room, PresenceSample sample);  // false: dropped
  void record_event(const std::string& room, FacilitationEvent event);

  // Closes the room's file once its queued writes are done (an idle room).
  void close_room(const std::string& room);
  // Blocks until everything queued before the call is written (tools, tests).
  void flush();
  // Writes everything queued, closes every file, stops the writer. Idempotent.
  void flush_and_stop();

  // Every room in the directory with its figures; unreadable rooms carry `error`.
  std::vector<RoomSummary> list_rooms();
  // A reader for replay/export of one room (its own connection).
  Result<RoomReader> open_reader(const std::string& room);

  StoreStats stats() const;

 private:
  struct Slot {
    std::vector<LogItem> log;
    ReplayItems replay;
    std::uint64_t last_snapshot_clock = 0;
    std::size_t in_flight = 0;  // items the writer took and has not finished
    bool listed = false;        // in dirty_
    bool failed = false;
    bool closing = false;
    std::string error;
  };
  struct Work {  // one room's share of a writer round
    std::string room;
    std::vector<LogItem> log;
    ReplayItems replay;
    bool failed = false;
    std::string error;
    bool close = false;
  };

  Store(StoreOptions options, DataDir dir);
  void run_writer();
  std::vector<Work> take_work(std::unique_lock<std::mutex>& lock);
  void write_round(std::vector<Work>& work);
  RoomWriter* writer_for(const std::string& room, std::string* error);
  void trim_open_rooms();
  Slot& slot(const std::string& room);                                                // mutex_ held
  void mark_dirty(const std::string& room, Slot& slot);                               // mutex_ held
  void note_replay_item(const std::string& room, Slot& slot);                         // mutex_ held
  bool has_work() const { return queued_log_ || queued_replay_ || pending_closes_; }  // mutex_ held
  Result<std::filesystem::path> room_path(const std::string& room) const;
  // Creates the room's file if missing; true if it did. Any thread.
  Result<bool> ensure_room_file(const std::string& room, const std::filesystem::path& file);

  const StoreOptions options_;
  DataDir dir_;
  std::string base_snapshot_;
  std::map<std::string, std::string> damaged_;  // room -> problem (fixed after open)
  std::mutex create_mutex_;                     // room creation and ROOMS appends

  mutable std::mutex mutex_;
  std::condition_variable work_cv_;  // writer waits for work
  std::condition_variable done_cv_;  // flush() waits for rounds
  std::unordered_map<std::string, Slot> slots_;
  std::vector<std::string> dirty_;  // rooms with queued items, in order of first item
  std::size_t queued_log_ = 0;
  std::size_t queued_replay_ = 0;
  std::size_t queued_presence_ = 0;
  std::size_t pending_closes_ = 0;
  std::chrono::steady_clock::time_point oldest_log_, oldest_replay_;
  std::uint64_t queued_seq_ = 0;  // items ever queued
  std::uint64_t done_seq_ = 0;    // items ever finished
  std::size_t flush_waiters_ = 0;
  bool stopping_ = false;  // no more items are queued
  std::once_flag stop_once_;
  StoreStats stats_;

  // Writer thread only.
  std::unique_ptr<Checkpointer> checkpointer_;  // read-write stores
  std::unordered_map<std::string, std::unique_ptr<RoomWriter>> writers_;
  std::uint64_t use_tick_ = 0;

  std::thread writer_;
};

}  // namespace pss::storage
