// Snapshots: taken every N changes, used at load, equal to a replay from scratch.
#include <gtest/gtest.h>

#include "storage/room_reader.h"
#include "test_util.h"

namespace pss::storage::testing {
namespace {

// The map from the base snapshot (clock 0) and every logged change: what a load would
// give if no snapshot existed.
pss::StrategyMap full_replay(RoomReader& reader) {
  auto base = reader.snapshot_bytes(0);
  EXPECT_TRUE(base.ok());
  pss::v1::Snapshot snap;
  EXPECT_TRUE(snap.ParseFromString(*base));
  auto map = pss::StrategyMap::from_snapshot(snap, pss::Limits{});
  EXPECT_TRUE(map.has_value());
  auto status = reader.changes(1, RoomReader::kEnd, [&](const ChangeRecord& rec) {
    EXPECT_FALSE(map->apply(rec.change.ops(), pss::ApplyContext{rec.clock, nullptr}).has_value()) << rec.clock;
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.error();
  return std::move(*map);
}

TEST(Snapshots, TakenEveryNAndTailReplayEqualsFullReplay) {
  TempDir dir;
  auto options = options_for(dir.path());
  options.snapshot_every = 100;
  Workload work(21);
  {
    auto store = open_store(options);
    append_changes(*store, "r", work, 1050);
  }
  auto store = open_store(options);
  LoadedRoom room = load(*store, "r");
  EXPECT_EQ(room.snapshot_clock, 1000u);
  EXPECT_EQ(room.map.clock(), 1050u);
  EXPECT_EQ(room.map.state_hash(), work.map().state_hash());

  auto reader = store->open_reader("r");
  ASSERT_TRUE(reader.ok()) << reader.error();
  auto snaps = reader->snapshots();
  ASSERT_TRUE(snaps.ok());
  ASSERT_EQ(snaps->size(), 11u);
  for (std::size_t i = 0; i < snaps->size(); ++i) EXPECT_EQ((*snaps)[i].clock, i * 100);
  EXPECT_EQ(full_replay(*reader).state_hash(), room.map.state_hash());
}

TEST(Snapshots, StateAtAnyClockMatchesTheLiveMapAtThatClock) {
  TempDir dir;
  auto options = options_for(dir.path());
  options.snapshot_every = 64;
  Workload work(22);
  std::map<std::uint64_t, std::string> hashes;
  auto store = open_store(options);
  for (int i = 0; i < 300; ++i) {
    append_changes(*store, "r", work, 1);
    hashes[work.map().clock()] = work.map().state_hash();
  }
  auto reader = store->open_reader("r");
  ASSERT_TRUE(reader.ok());
  for (std::uint64_t clock : {1u, 63u, 64u, 65u, 128u, 200u, 300u}) {
    auto map = reader->state_at(clock, pss::Limits{});
    ASSERT_TRUE(map.ok()) << map.error();
    EXPECT_EQ(map->state_hash(), hashes[clock]) << clock;
  }
}

TEST(Snapshots, ShutdownSnapshotMeansNoReplay) {
  TempDir dir;
  Workload work(23);
  {
    auto store = open_store(dir.path());
    append_changes(*store, "r", work, 777);
    // What the server does for every room on a clean shutdown.
    store->write_snapshot("r", work.map().clock(), work.map().snapshot_bytes());
    store->flush_and_stop();
  }
  auto store = open_store(dir.path());
  LoadedRoom room = load(*store, "r");
  EXPECT_EQ(room.snapshot_clock, 777u);
  EXPECT_EQ(room.map.state_hash(), work.map().state_hash());
}

TEST(Snapshots, AppendSaysWhenASnapshotIsDue) {
  TempDir dir;
  auto options = options_for(dir.path());
  options.snapshot_every = 10;
  auto store = open_store(options);
  Workload work(24);
  std::vector<std::uint64_t> due;
  for (int i = 0; i < 35; ++i) {
    auto rec = work.next();
    const auto clock = rec.clock;
    if (store->append("r", std::move(rec))) {
      due.push_back(clock);
      store->write_snapshot("r", clock, work.map().snapshot_bytes());
    }
  }
  EXPECT_EQ(due, (std::vector<std::uint64_t>{10, 20, 30}));
  store->flush();
  // After a reload the count continues from the latest snapshot.
  ASSERT_EQ(load(*store, "r").snapshot_clock, 30u);
  auto rec = work.next();  // 36
  EXPECT_FALSE(store->append("r", std::move(rec)));
}

TEST(Snapshots, ASnapshotAheadOfTheLogIsRefused) {
  TempDir dir;
  auto store = open_store(dir.path());
  Workload work(25);
  append_changes(*store, "r", work, 5);
  store->write_snapshot("r", 9, work.map().snapshot_bytes());
  store->flush();
  std::promise<Status> next;
  store->append("r", work.next(), [&](const Status& s) { next.set_value(s); });
  EXPECT_FALSE(next.get_future().get().ok());  // the room failed with the snapshot
  EXPECT_EQ(load(*store, "r").snapshot_clock, 0u);
}

}  // namespace
}  // namespace pss::storage::testing
