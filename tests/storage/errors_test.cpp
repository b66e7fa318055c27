// Damaged, foreign or missing files and unusable directories: a clear error naming the
// file, never a silent empty room.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "test_util.h"

namespace pss::storage::testing {
namespace {

namespace fs = std::filesystem;

void make_room(const fs::path& dir, const std::string& room, int changes) {
  auto store = open_store(dir);
  Workload work(static_cast<std::uint64_t>(changes));
  append_changes(*store, room, work, changes);
}

void write_bytes(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

void sql_exec(const fs::path& file, const char* statement) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, statement, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

// Store::open must fail with a message holding every fragment.
void expect_open_error(const fs::path& dir, std::initializer_list<std::string> fragments) {
  auto store = Store::open(options_for(dir));
  ASSERT_FALSE(store.ok()) << "opened although damaged";
  for (const auto& f : fragments) EXPECT_NE(store.error().find(f), std::string::npos) << store.error();
}

TEST(Errors, GarbageFile) {
  TempDir dir;
  make_room(dir.path(), "good", 5);
  write_bytes(dir / "rooms/bad.sqlite", std::string(5000, '\x5a'));
  expect_open_error(dir.path(), {(dir / "rooms/bad.sqlite").string(), "not a"});
}

TEST(Errors, EmptyFile) {
  TempDir dir;
  make_room(dir.path(), "good", 5);
  write_bytes(dir / "rooms/empty.sqlite", "");
  expect_open_error(dir.path(), {(dir / "rooms/empty.sqlite").string(), "empty file"});
}

TEST(Errors, ForeignSqliteDatabase) {
  TempDir dir;
  make_room(dir.path(), "good", 5);
  sql_exec(dir / "rooms/other.sqlite", "CREATE TABLE t(x)");
  expect_open_error(dir.path(), {(dir / "rooms/other.sqlite").string(), "not a PSS room database"});
}

TEST(Errors, NewerSchemaVersion) {
  TempDir dir;
  make_room(dir.path(), "r", 5);
  sql_exec(dir / "rooms/r.sqlite", "PRAGMA user_version = 99");
  expect_open_error(dir.path(), {(dir / "rooms/r.sqlite").string(), "schema version 99"});
}

TEST(Errors, MissingTable) {
  TempDir dir;
  make_room(dir.path(), "r", 5);
  sql_exec(dir / "rooms/r.sqlite", "DROP TABLE clients");
  expect_open_error(dir.path(), {(dir / "rooms/r.sqlite").string(), "'clients' is missing"});
}

TEST(Errors, TruncatedFile) {
  TempDir dir;
  make_room(dir.path(), "r", 3000);
  const fs::path file = dir / "rooms/r.sqlite";
  ASSERT_FALSE(fs::exists(dir / "rooms/r.sqlite-wal"));  // checkpointed at clean shutdown
  fs::resize_file(file, fs::file_size(file) / 2);
  // The header survives a truncation: the damage shows when the room is loaded.
  auto opened = Store::open(options_for(dir.path()));
  if (!opened.ok()) {
    EXPECT_NE(opened.error().find(file.string()), std::string::npos) << opened.error();
    return;
  }
  auto loaded = (*opened)->load_room("r", pss::Limits{});
  ASSERT_FALSE(loaded.ok()) << "a truncated room loaded";
  EXPECT_NE(loaded.error().find(file.string()), std::string::npos) << loaded.error();
}

TEST(Errors, LostChangesAfterASnapshot) {
  TempDir dir;
  {
    auto options = options_for(dir.path());
    options.snapshot_every = 50;
    auto store = open_store(options);
    Workload work(9);
    append_changes(*store, "r", work, 120);
  }
  sql_exec(dir / "rooms/r.sqlite", "DELETE FROM changes WHERE clock > 90");
  auto store = open_store(dir.path());
  auto loaded = store->load_room("r", pss::Limits{});
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().find("snapshot at clock 100 but the change log ends at clock 90"), std::string::npos)
      << loaded.error();
}

TEST(Errors, GapInTheLog) {
  TempDir dir;
  make_room(dir.path(), "r", 40);
  sql_exec(dir / "rooms/r.sqlite", "DELETE FROM changes WHERE clock = 17");
  auto store = open_store(dir.path());
  auto loaded = store->load_room("r", pss::Limits{});
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().find("gap: clock 18 follows 16"), std::string::npos) << loaded.error();
}

TEST(Errors, MissingRoomFileThatIsListed) {
  TempDir dir;
  make_room(dir.path(), "gone", 5);
  fs::remove(dir / "rooms/gone.sqlite");
  expect_open_error(dir.path(), {(dir / "rooms/gone.sqlite").string(), "is missing", "ROOMS"});
}

TEST(Errors, WalWithoutItsDatabase) {
  TempDir dir;
  make_room(dir.path(), "ok", 5);
  write_bytes(dir / "rooms/lost.sqlite-wal", std::string(100, 'w'));
  expect_open_error(dir.path(), {(dir / "rooms/lost.sqlite").string(), "write-ahead log", "exists"});
}

TEST(Errors, MissingRoomsDirectory) {
  TempDir dir;
  make_room(dir.path(), "r", 5);
  fs::remove_all(dir / "rooms");
  expect_open_error(dir.path(), {(dir / "rooms").string(), "missing"});
}

TEST(Errors, SkipDamagedKeepsTheRestUsable) {
  TempDir dir;
  make_room(dir.path(), "good", 5);
  write_bytes(dir / "rooms/bad.sqlite", std::string(5000, '\x5a'));
  auto options = options_for(dir.path());
  options.skip_damaged = true;
  auto store = open_store(options);
  ASSERT_EQ(store->damaged().size(), 1u);
  EXPECT_NE(store->damaged()[0].find("bad.sqlite"), std::string::npos);
  EXPECT_EQ(load(*store, "good").map.clock(), 5u);
  auto bad = store->load_room("bad", pss::Limits{});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("bad.sqlite"), std::string::npos);
  std::promise<Status> refused;
  Workload work(1);
  store->append("bad", work.next(), [&](const Status& s) { refused.set_value(s); });
  EXPECT_FALSE(refused.get_future().get().ok());
  auto list = store->list_rooms();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_NE(list[0].error, "");  // bad
  EXPECT_EQ(list[1].error, "");  // good
  // The damaged file was left as it was.
  EXPECT_EQ(fs::file_size(dir / "rooms/bad.sqlite"), 5000u);
}

TEST(Errors, DataDirUnderAFileCannotBeCreated) {
  TempDir dir;
  write_bytes(dir / "file", "x");
  auto store = Store::open(options_for(dir / "file" / "data"));
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().find("cannot create data directory"), std::string::npos) << store.error();
  EXPECT_NE(store.error().find((dir / "file/data").string()), std::string::npos) << store.error();
}

TEST(Errors, NonEmptyForeignDirectoryIsRefused) {
  TempDir dir;
  write_bytes(dir / "notes.txt", "mine");
  expect_open_error(dir.path(), {dir.path().string(), "not a PSS data directory"});
}

TEST(Errors, SecondWriterIsRefused) {
  TempDir dir;
  auto first = open_store(dir.path());
  expect_open_error(dir.path(), {"in use by another process", "pid " + std::to_string(::getpid())});
}

TEST(Errors, InvalidRoomName) {
  TempDir dir;
  auto store = open_store(dir.path());
  auto loaded = store->load_room("../escape", pss::Limits{});
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().find("invalid room name"), std::string::npos);
}

TEST(Errors, UnwritableDirectory) {
  TempDir dir;
  const fs::path data = dir / "data";
  { auto store = open_store(data); }
  const auto read_only = fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                         fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec;
  fs::permissions(data, read_only);
  fs::permissions(dir.path(), fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  // Root writes anywhere: try as an unprivileged user in a child process.
  int pipe_fd[2];
  ASSERT_EQ(::pipe(pipe_fd), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipe_fd[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    auto store = Store::open(options_for(data));
    const std::string text = store.ok() ? "OPENED" : store.error();
    (void)!::write(pipe_fd[1], text.data(), text.size());
    ::_exit(0);
  }
  ::close(pipe_fd[1]);
  std::string text;
  char buf[512];
  for (ssize_t n; (n = ::read(pipe_fd[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(pipe_fd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  fs::permissions(data, fs::perms::owner_all, fs::perm_options::add);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child could not drop privileges";
  EXPECT_NE(text.find("cannot write in"), std::string::npos) << text;
  EXPECT_NE(text.find(data.string()), std::string::npos) << text;
}

}  // namespace
}  // namespace pss::storage::testing
