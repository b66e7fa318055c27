#include "storage/data_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "storage/schema.h"

namespace pss::storage {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = "PSS-DATA";
constexpr const char* kMarkerText = "pss-data 1\n";
constexpr const char* kLock = "LOCK";
constexpr const char* kIndex = "ROOMS";

std::string errno_text(int err) { return std::generic_category().message(err); }

Status write_file_durably(const fs::path& file, std::string_view text) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail("cannot write " + file.string() + ": " + errno_text(errno));
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) return fail("cannot write " + file.string() + ": " + errno_text(err));
  return {};
}

// A fresh directory may hold what an interrupted first start left: an empty rooms/
// and a LOCK file.
bool looks_unused(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name == kLock) continue;
    if (name == "rooms" && entry.is_directory() && fs::is_empty(entry.path(), ec)) continue;
    return false;
  }
  return !ec;
}

Status check_writable(const fs::path& dir) {
  const fs::path probe = dir / ".write-test";
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail("cannot write in " + dir.string() + ": " + errno_text(errno));
  const bool ok = ::write(fd, "x", 1) == 1;
  const int err = errno;
  ::close(fd);
  ::unlink(probe.c_str());
  if (!ok) return fail("cannot write in " + dir.string() + ": " + errno_text(err));
  return {};
}

}  // namespace

Result<DataDir> DataDir::open(const fs::path& dir, bool read_only) {
  DataDir d;
  d.read_only_ = read_only;
  std::error_code ec;
  d.root_ = fs::absolute(dir, ec);
  if (ec) d.root_ = dir;
  d.rooms_ = d.root_ / "rooms";
  const std::string where = "data directory " + d.root_.string();

  const bool existed = fs::exists(d.root_, ec);
  if (existed && !fs::is_directory(d.root_, ec)) return fail(where + " exists but is not a directory");
  if (!existed) {
    if (read_only) return fail(where + " does not exist");
    fs::create_directories(d.root_, ec);
    if (ec) return fail("cannot create " + where + ": " + ec.message());
  }

  const fs::path marker = d.root_ / kMarker;
  if (fs::exists(marker, ec)) {
    std::ifstream in(marker);
    std::string line;
    std::getline(in, line);
    if (line + "\n" != kMarkerText)
      return fail(marker.string() + ": unknown data directory format '" + line + "' (expected 'pss-data 1')");
    if (!fs::is_directory(d.rooms_, ec))
      return fail(d.rooms_.string() + " is missing although " + marker.string() +
                  " marks a PSS data directory (moved or deleted?)");
  } else {
    if (read_only) return fail(where + " is not a PSS data directory (no " + kMarker + " file)");
    if (!looks_unused(d.root_))
      return fail(where + " is not empty and has no " + kMarker + " file: not a PSS data directory; "
                  "choose a new or empty directory");
    fs::create_directories(d.rooms_, ec);
    if (ec) return fail("cannot create " + d.rooms_.string() + ": " + ec.message());
    if (auto s = write_file_durably(marker, kMarkerText); !s) return Error{s.error()};
  }
  if (read_only) return d;

  const fs::path lock = d.root_ / kLock;
  d.lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (d.lock_fd_ < 0) return fail("cannot write in " + where + ": " + errno_text(errno));
  if (::flock(d.lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    std::ifstream in(lock);
    std::string pid;
    std::getline(in, pid);
    return fail(where + " is in use by another process" + (pid.empty() ? "" : " (pid " + pid + ")"));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(d.lock_fd_, 0) != 0 || ::pwrite(d.lock_fd_, pid.data(), pid.size(), 0) < 0)
    return fail("cannot write " + lock.string() + ": " + errno_text(errno));
  if (auto s = check_writable(d.rooms_); !s) return Error{s.error()};
  if (auto s = d.repair_index_tail(); !s) return Error{s.error()};
  return d;
}

DataDir::DataDir(DataDir&& other) noexcept
    : root_(std::move(other.root_)), rooms_(std::move(other.rooms_)), lock_fd_(other.lock_fd_),
      read_only_(other.read_only_) {
  other.lock_fd_ = -1;
}

DataDir::~DataDir() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

fs::path DataDir::room_file(std::string_view room) const { return schema::room_file(rooms_, room); }

std::set<std::string> DataDir::read_index() const {
  std::set<std::string> rooms;
  std::ifstream in(root_ / kIndex);
  std::string line;
  while (std::getline(in, line))
    if (!in.eof() && schema::valid_room_name(line)) rooms.insert(line);  // a line without '\n' is unfinished
  return rooms;
}

// A crash in the middle of an append can leave an unfinished last line: cut it, or
// the next append would glue two names together.
Status DataDir::repair_index_tail() {
  const fs::path index = root_ / kIndex;
  std::error_code ec;
  if (!fs::exists(index, ec)) return {};
  std::ifstream in(index, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  if (text.empty() || text.back() == '\n') return {};
  const auto keep = text.rfind('\n');
  fs::resize_file(index, keep == std::string::npos ? 0 : keep + 1, ec);
  if (ec) return fail("cannot repair " + index.string() + ": " + ec.message());
  return {};
}

Status DataDir::add_to_index(std::string_view room) {
  const fs::path index = root_ / kIndex;
  const int fd = ::open(index.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return fail("cannot write " + index.string() + ": " + errno_text(errno));
  const std::string line = std::string(room) + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) return fail("cannot write " + index.string() + ": " + errno_text(err));
  return {};
}

DataDir::Scan DataDir::scan(bool repair) {
  repair = repair && !read_only_;
  Scan scan;
  std::set<std::string> files, wals;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(rooms_, ec)) {
    const fs::path& p = entry.path();
    if (schema::is_creation_leftover(p)) {
      if (repair) fs::remove(p, ec);
      continue;
    }
    const std::string name = p.filename().string();
    if (name.ends_with("-wal")) {
      if (auto room = schema::room_of(name.substr(0, name.size() - 4))) wals.insert(*room);
    } else if (auto room = schema::room_of(p)) {
      files.insert(*room);
    }
  }
  if (ec) scan.problems.emplace_back(rooms_.string(), rooms_.string() + ": cannot list: " + ec.message());

  const auto index = read_index();
  for (const auto& room : wals)
    if (!files.contains(room))
      scan.problems.emplace_back(room, room_file(room).string() + " is missing but its write-ahead log " +
                                           schema::wal_of(room_file(room)).filename().string() +
                                           " exists (database file deleted or moved?)");
  for (const auto& room : index)
    if (!files.contains(room) && !wals.contains(room))
      scan.problems.emplace_back(room, room_file(room).string() + " is missing (room '" + room + "' is listed in " +
                                           (root_ / kIndex).string() + ")");
  for (const auto& room : files) {
    if (repair && !index.contains(room)) {
      if (auto s = add_to_index(room); !s) scan.problems.emplace_back(room, s.error());
    }
  }
  scan.rooms.assign(files.begin(), files.end());
  return scan;
}

}  // namespace pss::storage
