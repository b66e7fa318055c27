// The Store's writer thread: group commit, callbacks, recordings, open-file cache.
#include <spdlog/spdlog.h>
#include <time.h>

#include <algorithm>

#include "storage/store.h"

namespace pss::storage {

using Clock = std::chrono::steady_clock;

namespace {

// Recordings alone wait this long for company: nobody waits for them.
constexpr std::chrono::milliseconds kReplayInterval{100};

std::uint64_t thread_cpu_us() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000 + static_cast<std::uint64_t>(ts.tv_nsec) / 1000;
}

std::size_t count_changes(const std::vector<LogItem>& log) {
  return static_cast<std::size_t>(
      std::count_if(log.begin(), log.end(), [](const LogItem& i) { return std::holds_alternative<QueuedChange>(i); }));
}

}  // namespace

void Store::run_writer() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || has_work(); });
    // Group commit: let a batch gather for up to flush_interval after its first item,
    // unless it is full, someone flushes, or we stop. Under load the previous round's
    // duration already gathered the next batch, so no wait happens at all.
    if (!stopping_ && flush_waiters_ == 0) {
      if (queued_log_ > 0) {
        work_cv_.wait_until(lock, oldest_log_ + options_.flush_interval, [&] {
          return stopping_ || flush_waiters_ > 0 || queued_log_ >= options_.max_batch;
        });
      } else if (!pending_closes_) {
        const bool log_came = work_cv_.wait_until(lock, oldest_replay_ + kReplayInterval, [&] {
          return stopping_ || flush_waiters_ > 0 || queued_log_ > 0;
        });
        if (log_came && queued_log_ > 0 && !stopping_ && flush_waiters_ == 0) continue;  // take the log's timing
      }
    }
    if (!has_work()) {
      if (stopping_) break;
      continue;
    }
    const std::uint64_t target = queued_seq_;
    std::vector<Work> work = take_work(lock);
    lock.unlock();
    write_round(work);
    lock.lock();
    for (const Work& w : work) {
      auto it = slots_.find(w.room);
      if (it == slots_.end()) continue;
      Slot& s = it->second;
      s.in_flight -= w.log.size() + w.replay.size();
      if (w.close && !s.listed && s.in_flight == 0 && !s.failed) slots_.erase(it);
    }
    done_seq_ = target;
    done_cv_.notify_all();
  }
  lock.unlock();
  checkpointer_->stop();
  writers_.clear();  // the last connections: closing checkpoints each WAL and removes it
}

std::vector<Store::Work> Store::take_work(std::unique_lock<std::mutex>&) {
  std::vector<Work> work;
  work.reserve(dirty_.size());
  std::size_t items = 0;
  for (const std::string& room : dirty_) {
    Slot& s = slots_[room];
    Work w;
    w.room = room;
    w.log = std::move(s.log);
    w.replay = std::move(s.replay);
    w.failed = s.failed;
    w.error = s.error;
    w.close = s.closing;
    s.log.clear();
    s.replay = {};
    s.listed = false;
    s.closing = false;
    s.in_flight += w.log.size() + w.replay.size();
    items += w.log.size();
    work.push_back(std::move(w));
  }
  dirty_.clear();
  queued_log_ = queued_replay_ = queued_presence_ = pending_closes_ = 0;
  ++stats_.flushes;
  stats_.largest_batch = std::max<std::uint64_t>(stats_.largest_batch, items);
  return work;
}

void Store::write_round(std::vector<Work>& work) {
  const std::uint64_t cpu_start = thread_cpu_us();
  const auto wall_start = Clock::now();
  StoreStats round;
  for (Work& w : work) {
    if (w.log.empty()) continue;
    Status status;
    if (w.failed) {
      status = fail(w.error);
    } else if (RoomWriter* writer = writer_for(w.room, &w.error)) {
      status = writer->write_log(w.log);
      if (status && writer->take_checkpoint_request()) checkpointer_->request(writer->file());
    } else {
      status = fail(w.error);
    }
    const std::size_t changes = count_changes(w.log);
    if (status) {
      round.changes += changes;
      ++round.transactions;
    } else {
      round.failed += changes;
      if (!w.failed) {
        spdlog::error("storage: room {}: {}", w.room, status.error());
        writers_.erase(w.room);  // reopened (and its log re-read) after load_room
        std::lock_guard lock(mutex_);
        Slot& s = slots_[w.room];
        s.failed = true;
        s.error = status.error();
      }
      w.failed = true;
    }
    const auto acked_at = Clock::now();
    for (LogItem& item : w.log) {
      auto* c = std::get_if<QueuedChange>(&item);
      if (!c) continue;
      const auto waited = std::chrono::duration_cast<std::chrono::microseconds>(acked_at - c->queued).count();
      round.slowest_ack_us = std::max(round.slowest_ack_us, static_cast<std::uint64_t>(waited));
      if (!c->on_durable) continue;
      try {
        c->on_durable(status);
      } catch (const std::exception& e) {
        spdlog::error("storage: room {}: on_durable callback threw: {}", w.room, e.what());
      } catch (...) {
        spdlog::error("storage: room {}: on_durable callback threw", w.room);
      }
    }
  }
  // Recordings after every ack of the round: they never delay one.
  for (Work& w : work) {
    if (w.replay.empty() || w.failed) continue;
    std::string error;
    RoomWriter* writer = writer_for(w.room, &error);
    const Status status = writer ? writer->write_replay(w.replay) : Status(fail(error));
    if (!status) spdlog::warn("storage: room {}: {} recordings lost: {}", w.room, w.replay.size(), status.error());
  }
  for (const Work& w : work) {
    auto it = writers_.find(w.room);
    if (!w.close || it == writers_.end()) continue;
    checkpointer_->forget(it->second->file());  // so that this close is the last: it removes the WAL
    writers_.erase(it);
  }
  trim_open_rooms();
  const std::uint64_t cpu = thread_cpu_us() - cpu_start;
  std::lock_guard lock(mutex_);
  stats_.writer_cpu_us += cpu;
  stats_.writer_busy_us += static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - wall_start).count());
  stats_.slowest_ack_us = std::max(stats_.slowest_ack_us, round.slowest_ack_us);
  stats_.changes += round.changes;
  stats_.transactions += round.transactions;
  stats_.failed += round.failed;
}

RoomWriter* Store::writer_for(const std::string& room, std::string* error) {
  if (auto it = writers_.find(room); it != writers_.end()) {
    it->second->last_use = ++use_tick_;
    return it->second.get();
  }
  auto file = room_path(room);
  if (!file) {
    *error = file.error();
    return nullptr;
  }
  // Normally load_room made the file; this covers writes to a room never loaded.
  if (auto made = ensure_room_file(room, *file); !made) {
    *error = made.error();
    return nullptr;
  }
  auto writer = RoomWriter::open(*file, options_.sync_full);
  if (!writer) {
    *error = writer.error();
    return nullptr;
  }
  (*writer)->last_use = ++use_tick_;
  return writers_.emplace(room, std::move(writer).value()).first->second.get();
}

void Store::trim_open_rooms() {
  while (writers_.size() > std::max<std::size_t>(1, options_.max_open_rooms)) {
    auto oldest = std::min_element(writers_.begin(), writers_.end(),
                                   [](const auto& a, const auto& b) { return a.second->last_use < b.second->last_use; });
    writers_.erase(oldest);
  }
}

}  // namespace pss::storage
