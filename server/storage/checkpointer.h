// Checkpointer: copies WAL contents back into room databases on its own thread.
//
// A checkpoint fsyncs the WAL and the database and can take tens of milliseconds on a
// busy disk; SQLite would run it inside a COMMIT of the writer thread, delaying every
// room's acks. Here the writer only asks (request) and goes on: a PASSIVE checkpoint
// on a second connection runs beside the writer's appends (WAL allows both at once),
// and the writer's next transaction restarts the WAL from its beginning once all of it
// is copied.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <cstdint>

#include "storage/sqlite.h"

namespace pss::storage {

class Checkpointer {
 public:
  Checkpointer(bool sync_full, std::size_t max_open);
  ~Checkpointer();  // stop()
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Thread-safe; repeated requests for a file already waiting count once.
  void request(const std::filesystem::path& file);
  // Closes this thread's connection to the file (waits for a checkpoint of it in
  // progress), so that the writer's close is the last one and removes the WAL.
  void forget(const std::filesystem::path& file);
  // Finishes the checkpoint in progress, drops the rest, closes every connection.
  void stop();

 private:
  struct Conn {
    sql::Db db;
    std::uint64_t last_use = 0;
  };
  void run();
  void checkpoint(const std::string& file);  // thread only, mutex_ not held
  void trim();                               // mutex_ held

  const bool sync_full_;
  const std::size_t max_open_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  std::set<std::string> queued_;
  std::string busy_;  // file being checkpointed now
  bool stopping_ = false;
  std::unordered_map<std::string, Conn> conns_;  // changed under mutex_; a Conn used only by the thread
  std::uint64_t tick_ = 0;
  std::thread thread_;
};

}  // namespace pss::storage
