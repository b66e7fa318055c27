// The data directory: DIR/PSS-DATA (format marker), DIR/LOCK (one writer process),
// DIR/ROOMS (every room ever created, one name a line) and DIR/rooms/<room>.sqlite.
//
// ROOMS exists so that a room file that disappeared is an error rather than a silent
// new empty room. A room file is created completely (see schema.h) before its name is
// appended, so after a crash a file may be missing from ROOMS (added back at the next
// open) but ROOMS never names a file that was never made. To delete or archive a room
// on purpose, stop the server, move its file away and remove its line from ROOMS.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/result.h"

namespace pss::storage {

class DataDir {
 public:
  // Read-write: creates DIR on first use, takes the lock, checks it can write.
  // Read-only: DIR must exist already; takes no lock and changes nothing.
  static Result<DataDir> open(const std::filesystem::path& dir, bool read_only);

  DataDir(DataDir&& other) noexcept;
  DataDir& operator=(DataDir&&) = delete;
  DataDir(const DataDir&) = delete;
  ~DataDir();

  const std::filesystem::path& root() const { return root_; }
  const std::filesystem::path& rooms_dir() const { return rooms_; }
  std::filesystem::path room_file(std::string_view room) const;

  struct Scan {
    std::vector<std::string> rooms;                            // with a file, sorted
    std::vector<std::pair<std::string, std::string>> problems;  // room (or file), what is wrong
  };
  // Lists the room files and checks them against ROOMS. With `repair` (read-write
  // mode, at open only: the writer may be creating a room later) it also deletes
  // leftovers of interrupted creations and adds unlisted files to ROOMS.
  Scan scan(bool repair);

  // Appends a newly created room to ROOMS (durably).
  Status add_to_index(std::string_view room);

 private:
  DataDir() = default;
  Status repair_index_tail();
  std::set<std::string> read_index() const;

  std::filesystem::path root_, rooms_;
  int lock_fd_ = -1;
  bool read_only_ = false;
};

}  // namespace pss::storage
