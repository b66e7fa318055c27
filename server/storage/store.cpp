#include "storage/store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <system_error>

#include "storage/schema.h"

namespace pss::storage {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

Result<std::unique_ptr<Store>> Store::open(StoreOptions options) {
  if (options.dir.empty()) return fail("no data directory given");
  if (options.max_batch == 0) options.max_batch = 1;
  auto dir = DataDir::open(options.dir, options.read_only);
  if (!dir) return Error{dir.error()};

  std::map<std::string, std::string> damaged;
  auto scan = dir->scan(/*repair=*/true);
  for (auto& [room, problem] : scan.problems) damaged.emplace(room, problem);
  for (const auto& room : scan.rooms) {
    auto reader = RoomReader::open(dir->room_file(room), options.read_only);
    if (!reader) damaged.emplace(room, reader.error());
  }
  if (!damaged.empty() && !options.skip_damaged) {
    std::string text = std::to_string(damaged.size()) + " damaged room file(s) in " + dir->rooms_dir().string() + ":";
    for (const auto& [room, problem] : damaged) text += "\n  " + problem;
    return fail(std::move(text));
  }
  std::unique_ptr<Store> store(new Store(std::move(options), std::move(dir).value()));
  store->damaged_ = std::move(damaged);
  for (const auto& [room, problem] : store->damaged_) spdlog::error("storage: room skipped: {}", problem);
  if (!store->options_.read_only) {
    store->checkpointer_ = std::make_unique<Checkpointer>(store->options_.sync_full, store->options_.max_open_rooms);
    store->writer_ = std::thread([s = store.get()] { s->run_writer(); });
  }
  return store;
}

Store::Store(StoreOptions options, DataDir dir)
    : options_(std::move(options)),
      dir_(std::move(dir)),
      base_snapshot_(pss::StrategyMap::with_default_rows().snapshot_bytes()) {
  if (options_.read_only) stopping_ = true;
}

Store::~Store() { flush_and_stop(); }

std::vector<std::string> Store::damaged() const {
  std::vector<std::string> out;
  for (const auto& [room, problem] : damaged_) out.push_back(problem);
  return out;
}

Result<fs::path> Store::room_path(const std::string& room) const {
  if (!schema::valid_room_name(room)) return fail("invalid room name '" + room + "'");
  if (auto it = damaged_.find(room); it != damaged_.end()) return fail(it->second);
  return dir_.room_file(room);
}

Result<bool> Store::ensure_room_file(const std::string& room, const fs::path& file) {
  std::lock_guard lock(create_mutex_);
  std::error_code ec;
  if (fs::exists(file, ec)) return false;
  // A WAL without its database holds acknowledged changes: never start afresh over it.
  if (fs::exists(schema::wal_of(file), ec))
    return fail(file.string() + " is missing but its write-ahead log exists (database file deleted or moved?)");
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  if (auto s = schema::create_room_file(file, room, base_snapshot_, now.count()); !s) return Error{s.error()};
  // Not fatal: the next open lists the file again. Only its disappearance would go unnoticed.
  if (auto s = dir_.add_to_index(room); !s) spdlog::warn("storage: {}", s.error());
  return true;
}

Result<LoadedRoom> Store::load_room(const std::string& room, const pss::Limits& limits) {
  auto file = room_path(room);
  if (!file) return Error{file.error()};
  {
    std::unique_lock lock(mutex_);
    auto it = slots_.find(room);
    if (it != slots_.end() && (!it->second.log.empty() || !it->second.replay.empty() || it->second.in_flight)) {
      lock.unlock();
      flush();
    }
  }
  bool created = false;
  if (options_.read_only) {
    std::error_code ec;
    if (!fs::exists(*file, ec)) return fail(file->string() + ": no such room");
  } else {
    auto made = ensure_room_file(room, *file);
    if (!made) return Error{made.error()};
    created = *made;
  }
  auto reader = RoomReader::open(*file, options_.read_only);
  if (!reader) return Error{reader.error()};
  auto loaded = reader->load(limits, options_.quick_check_on_load && !created);
  if (!loaded) return Error{loaded.error()};
  loaded->created = created;
  if (!options_.read_only) {
    std::lock_guard lock(mutex_);
    Slot& s = slot(room);
    s.last_snapshot_clock = loaded->snapshot_clock;
    s.failed = false;
    s.error.clear();
  }
  return loaded;
}

Store::Slot& Store::slot(const std::string& room) { return slots_[room]; }

void Store::mark_dirty(const std::string& room, Slot& s) {
  ++queued_seq_;
  if (!s.listed) {
    s.listed = true;
    dirty_.push_back(room);
  }
}

bool Store::append(const std::string& room, ChangeRecord rec, OnDurable on_durable) {
  std::unique_lock lock(mutex_);
  if (stopping_) {
    lock.unlock();
    if (on_durable) on_durable(fail(options_.read_only ? "storage is read-only" : "storage is stopped"));
    return false;
  }
  Slot& s = slot(room);
  const bool due = options_.snapshot_every != 0 && rec.clock >= s.last_snapshot_clock + options_.snapshot_every;
  const auto now = Clock::now();
  s.log.emplace_back(std::in_place_type<QueuedChange>, QueuedChange{std::move(rec), std::move(on_durable), now});
  mark_dirty(room, s);
  if (queued_log_++ == 0) oldest_log_ = now;
  // Wake the writer for the first item (it then waits out the flush interval) and when
  // a batch is full; waking it for every append would cost a syscall each.
  const bool wake = queued_log_ == 1 || queued_log_ == options_.max_batch;
  lock.unlock();
  if (wake) work_cv_.notify_one();
  return due;
}

void Store::write_snapshot(const std::string& room, std::uint64_t clock, std::string bytes) {
  std::unique_lock lock(mutex_);
  if (stopping_) return;
  Slot& s = slot(room);
  s.last_snapshot_clock = std::max(s.last_snapshot_clock, clock);
  s.log.emplace_back(std::in_place_type<QueuedSnapshot>, QueuedSnapshot{clock, std::move(bytes)});
  mark_dirty(room, s);
  if (queued_log_++ == 0) oldest_log_ = Clock::now();
  const bool wake = queued_log_ == 1;
  lock.unlock();
  if (wake) work_cv_.notify_one();
}

void Store::write_facilitation(const std::string& room, std::string bytes) {
  std::unique_lock lock(mutex_);
  if (stopping_) return;
  Slot& s = slot(room);
  s.log.emplace_back(std::in_place_type<QueuedFacilitation>, QueuedFacilitation{std::move(bytes)});
  mark_dirty(room, s);
  if (queued_log_++ == 0) oldest_log_ = Clock::now();
  const bool wake = queued_log_ == 1;
  lock.unlock();
  if (wake) work_cv_.notify_one();
}

void Store::note_replay_item(const std::string& room, Slot& s) {
  mark_dirty(room, s);
  if (queued_replay_++ == 0) {
    oldest_replay_ = Clock::now();
    work_cv_.notify_one();
  }
}

void Store::record_session_event(const std::string& room, SessionEvent event) {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  Slot& s = slot(room);
  s.replay.sessions.push_back(std::move(event));
  note_replay_item(room, s);
}

bool Store::record_presence(const std::string& room, PresenceSample sample) {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  if (queued_presence_ >= options_.max_pending_presence) {
    ++stats_.presence_dropped;
    return false;
  }
  ++queued_presence_;
  Slot& s = slot(room);
  s.replay.presence.push_back(std::move(sample));
  note_replay_item(room, s);
  return true;
}

void Store::record_event(const std::string& room, FacilitationEvent event) {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  Slot& s = slot(room);
  s.replay.events.push_back(std::move(event));
  note_replay_item(room, s);
}

void Store::close_room(const std::string& room) {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  Slot& s = slot(room);
  if (!s.closing) ++pending_closes_;
  s.closing = true;
  mark_dirty(room, s);
  work_cv_.notify_one();
}

void Store::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = queued_seq_;
  if (done_seq_ >= target || options_.read_only) return;
  ++flush_waiters_;
  work_cv_.notify_one();
  done_cv_.wait(lock, [&] { return done_seq_ >= target; });
  --flush_waiters_;
}

void Store::flush_and_stop() {
  std::call_once(stop_once_, [this] {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_cv_.notify_one();
    // The writer drains the queue before it exits (run_writer).
    if (writer_.joinable()) writer_.join();
  });
}

StoreStats Store::stats() const {
  std::lock_guard lock(mutex_);
  StoreStats out = stats_;
  out.queued = queued_log_;
  return out;
}

Result<RoomReader> Store::open_reader(const std::string& room) {
  auto file = room_path(room);
  if (!file) return Error{file.error()};
  std::error_code ec;
  if (!fs::exists(*file, ec)) return fail(file->string() + ": no such room");
  return RoomReader::open(*file, options_.read_only);
}

std::vector<RoomSummary> Store::list_rooms() {
  flush();  // figures as of now, not of the last flush
  // Listing must not fail on a room built under larger limits than today's.
  pss::Limits generous;
  generous.max_elements = generous.max_links = generous.max_tombstones = SIZE_MAX / 4;
  generous.max_rows = 1 << 20;
  std::map<std::string, RoomSummary> out;
  auto scan = dir_.scan(/*repair=*/false);
  for (const auto& [room, problem] : scan.problems) out[room] = RoomSummary{.name = room, .error = problem};
  for (const auto& room : scan.rooms) {
    RoomSummary& sum = out[room];
    sum.name = room;
    const fs::path file = dir_.room_file(room);
    std::error_code ec;
    sum.file_bytes = fs::file_size(file, ec);
    if (const auto wal = fs::file_size(schema::wal_of(file), ec); !ec) sum.file_bytes += wal;
    if (auto it = damaged_.find(room); it != damaged_.end()) {
      sum.error = it->second;
      continue;
    }
    auto reader = RoomReader::open(file, options_.read_only);
    if (!reader) {
      sum.error = reader.error();
      continue;
    }
    auto loaded = reader->load(generous, /*quick_check=*/false);
    auto activity = reader->last_activity_ms();
    if (!loaded || !activity) {
      sum.error = !loaded ? loaded.error() : activity.error();
      continue;
    }
    sum.elements = loaded->map.elements().size();
    sum.links = loaded->map.links().size();
    sum.changes = loaded->changes;
    sum.last_activity_ms = *activity;
  }
  std::vector<RoomSummary> list;
  for (auto& [room, sum] : out) list.push_back(std::move(sum));
  return list;
}

}  // namespace pss::storage
