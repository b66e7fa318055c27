// The data directory's bookkeeping after crashes: leftovers, ROOMS, checkpoints.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "test_util.h"

namespace pss::storage::testing {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(DataDir, InterruptedCreationsAreCleanedUp) {
  TempDir dir;
  { auto store = open_store(dir.path()); }
  for (const char* leftover : {"a.sqlite.creating", "a.sqlite.creating-journal", "b.sqlite.creating-wal"})
    std::ofstream(dir / "rooms" / leftover) << "half made";
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  EXPECT_TRUE(fs::is_empty(dir / "rooms"));
  EXPECT_TRUE(load(*store, "a").created);  // and the name is free for a real creation
}

TEST(DataDir, RoomsIndexListsCreatedRoomsAndHealsAfterACrash) {
  TempDir dir;
  {
    auto store = open_store(dir.path());
    load(*store, "one");
    load(*store, "two");
  }
  EXPECT_EQ(read_text(dir / "ROOMS"), "one\ntwo\n");
  // A crash between creating a file and listing it, and one in the middle of a line.
  std::ofstream(dir / "ROOMS", std::ios::trunc) << "one\ntw";
  { auto store = open_store(dir.path()); }
  EXPECT_EQ(read_text(dir / "ROOMS"), "one\ntwo\n");
}

TEST(DataDir, WalIsCheckpointedIntoTheDatabase) {
  TempDir dir;
  auto store = open_store(dir.path());
  Workload work(61);
  append_changes(*store, "r", work, 30000);  // well past the 1000-page checkpoint threshold
  // The checkpointer works beside the writer: give it a moment.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (fs::file_size(dir / "rooms/r.sqlite") < 2'000'000 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(fs::file_size(dir / "rooms/r.sqlite"), 2'000'000u);
  EXPECT_LT(fs::file_size(dir / "rooms/r.sqlite-wal"), 20'000'000u);
  store.reset();
  EXPECT_FALSE(fs::exists(dir / "rooms/r.sqlite-wal")) << "a clean stop leaves no WAL";
  store = open_store(dir.path());
  EXPECT_EQ(load(*store, "r").map.state_hash(), work.map().state_hash());
}

}  // namespace
}  // namespace pss::storage::testing
