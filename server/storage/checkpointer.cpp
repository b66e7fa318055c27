#include "storage/checkpointer.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>

namespace pss::storage {

Checkpointer::Checkpointer(bool sync_full, std::size_t max_open)
    : sync_full_(sync_full), max_open_(std::max<std::size_t>(1, max_open)), thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() { stop(); }

void Checkpointer::request(const std::filesystem::path& file) {
  std::lock_guard lock(mutex_);
  if (stopping_ || !queued_.insert(file.string()).second) return;
  queue_.push_back(file.string());
  cv_.notify_one();
}

void Checkpointer::forget(const std::filesystem::path& file) {
  std::unique_lock lock(mutex_);
  const std::string key = file.string();
  cv_.wait(lock, [&] { return busy_ != key; });
  conns_.erase(key);
}

void Checkpointer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  conns_.clear();
}

void Checkpointer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    busy_ = std::move(queue_.front());
    queue_.pop_front();
    queued_.erase(busy_);
    lock.unlock();
    checkpoint(busy_);
    lock.lock();
    busy_.clear();
    trim();
    cv_.notify_all();  // forget() may wait for this file
  }
}

void Checkpointer::checkpoint(const std::string& file) {
  Conn* conn = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (auto it = conns_.find(file); it != conns_.end()) conn = &it->second;  // stays: busy_ == file
  }
  if (!conn) {
    auto db = sql::Db::open(file, SQLITE_OPEN_READWRITE);
    if (!db) {
      spdlog::warn("storage: cannot checkpoint: {}", db.error());
      return;
    }
    // The checkpoint's fsyncs follow this connection's synchronous setting.
    if (auto s = db->exec(sync_full_ ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"); !s)
      spdlog::warn("storage: {}", s.error());
    std::lock_guard lock(mutex_);
    conn = &conns_.emplace(file, Conn{std::move(db).value(), 0}).first->second;
  }
  conn->last_use = ++tick_;
  int log = 0, done = 0;
  // PASSIVE never waits for a reader (a replay tool): what it cannot copy now is copied
  // at the next request, the WAL growing meanwhile.
  const int rc = sqlite3_wal_checkpoint_v2(conn->db.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) spdlog::warn("storage: {}", conn->db.error("checkpoint").message);
}

void Checkpointer::trim() {
  while (conns_.size() > max_open_) {
    auto oldest = std::min_element(conns_.begin(), conns_.end(),
                                   [](const auto& a, const auto& b) { return a.second.last_use < b.second.last_use; });
    conns_.erase(oldest);
  }
}

}  // namespace pss::storage
