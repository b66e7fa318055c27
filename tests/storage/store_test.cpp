// Appending, group commit and reloading rooms.
#include <gtest/gtest.h>

#include <thread>

#include "test_util.h"

namespace pss::storage::testing {
namespace {

TEST(Store, NewRoomIsCreatedWithTheDefaultRows) {
  TempDir dir;
  auto store = open_store(dir.path());
  LoadedRoom room = load(*store, "fresh");
  EXPECT_TRUE(room.created);
  EXPECT_EQ(room.map.clock(), 0u);
  EXPECT_EQ(room.map.state_hash(), pss::StrategyMap::with_default_rows().state_hash());
  EXPECT_TRUE(std::filesystem::exists(dir / "rooms/fresh.sqlite"));
  EXPECT_TRUE(std::filesystem::exists(dir / "PSS-DATA"));
  EXPECT_FALSE(load(*store, "fresh").created);
}

TEST(Store, AppendAndReopenRestoresMapClockAndClientSeqs) {
  TempDir dir;
  Workload work(7);
  {
    auto store = open_store(dir.path());
    append_changes(*store, "workshop", work, 1500);
  }
  auto store = open_store(dir.path());
  LoadedRoom room = load(*store, "workshop");
  EXPECT_EQ(room.map.clock(), 1500u);
  EXPECT_EQ(room.changes, 1500u);
  EXPECT_EQ(room.map.state_hash(), work.map().state_hash());
  EXPECT_EQ(room.map.snapshot_bytes(), work.map().snapshot_bytes());
  ASSERT_EQ(room.last_client_seq.size(), 3u);
  for (int c = 0; c < 3; ++c) EXPECT_EQ(room.last_client_seq["client-" + std::to_string(c)], work.last_seq(c));
}

TEST(Store, ReloadedRoomKeepsGrowing) {
  TempDir dir;
  Workload work(8);
  {
    auto store = open_store(dir.path());
    append_changes(*store, "r", work, 300);
  }
  for (int restart = 0; restart < 3; ++restart) {
    auto store = open_store(dir.path());
    LoadedRoom room = load(*store, "r");
    ASSERT_EQ(room.map.state_hash(), work.map().state_hash());
    append_changes(*store, "r", work, 200);
  }
  auto store = open_store(dir.path());
  EXPECT_EQ(load(*store, "r").map.state_hash(), work.map().state_hash());
}

TEST(Store, GroupCommitFromTwoThreadsKeepsPerRoomOrder) {
  TempDir dir;
  auto store = open_store(dir.path());
  constexpr int kPerRoom = 2500;
  const std::vector<std::string> rooms = {"a", "b", "c", "d"};
  std::map<std::string, std::vector<std::uint64_t>> acked;  // written by the writer thread only
  std::map<std::string, std::string> hashes;
  for (const auto& room : rooms) acked[room], hashes[room];  // no inserts while threads run
  std::atomic<int> failures{0};
  auto producer = [&](int first) {
    // One thread per pair of rooms, as one strand per room would.
    Workload wa(100 + first), wb(200 + first);
    for (int i = 0; i < kPerRoom; ++i) {
      for (int k = 0; k < 2; ++k) {
        Workload& w = k == 0 ? wa : wb;
        const std::string& room = rooms[static_cast<std::size_t>(first + k)];
        auto rec = w.next();
        const auto clock = rec.clock;
        store->append(room, std::move(rec), [&, room, clock](const Status& s) {
          if (!s.ok()) ++failures;
          acked[room].push_back(clock);
        });
      }
    }
    hashes[rooms[static_cast<std::size_t>(first)]] = wa.map().state_hash();
    hashes[rooms[static_cast<std::size_t>(first + 1)]] = wb.map().state_hash();
  };
  std::thread t1(producer, 0), t2(producer, 2);
  t1.join();
  t2.join();
  store->flush();
  EXPECT_EQ(failures.load(), 0);
  for (const auto& room : rooms) {
    ASSERT_EQ(acked[room].size(), static_cast<std::size_t>(kPerRoom)) << room;
    for (std::size_t i = 0; i < acked[room].size(); ++i) ASSERT_EQ(acked[room][i], i + 1) << room;
  }
  const auto stats = store->stats();
  EXPECT_EQ(stats.changes, 4u * kPerRoom);
  EXPECT_LT(stats.transactions, stats.changes / 4) << "appends were not grouped";
  store.reset();
  store = open_store(dir.path());
  for (const auto& room : rooms) EXPECT_EQ(load(*store, room).map.state_hash(), hashes[room]) << room;
}

TEST(Store, ClockGapIsRefusedAndRoomFailsUntilReloaded) {
  TempDir dir;
  auto store = open_store(dir.path());
  Workload work(3);
  append_changes(*store, "r", work, 10);
  auto skipped = work.next();  // clock 11, never appended
  auto rec = work.next();      // clock 12: a gap
  std::promise<Status> first;
  store->append("r", rec, [&](const Status& s) { first.set_value(s); });
  const Status refused = first.get_future().get();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("clocks must follow"), std::string::npos) << refused.error();
  // Even a correct clock fails now: the room must be reloaded, not continued.
  std::promise<Status> second;
  store->append("r", skipped, [&](const Status& s) { second.set_value(s); });
  EXPECT_FALSE(second.get_future().get().ok());
  LoadedRoom room = load(*store, "r");
  EXPECT_EQ(room.map.clock(), 10u);
  std::promise<Status> third;
  store->append("r", skipped, [&](const Status& s) { third.set_value(s); });
  EXPECT_TRUE(third.get_future().get().ok());
  EXPECT_EQ(store->stats().failed, 2u);
}

TEST(Store, ManyRoomsBeyondTheOpenFileCache) {
  TempDir dir;
  auto options = options_for(dir.path());
  options.max_open_rooms = 3;
  std::vector<Workload> work;
  for (int i = 0; i < 10; ++i) work.emplace_back(i);
  {
    auto store = open_store(options);
    for (int round = 0; round < 3; ++round)
      for (int i = 0; i < 10; ++i)
        append_changes(*store, "room-" + std::to_string(i), work[static_cast<std::size_t>(i)], 20);
  }
  auto store = open_store(options);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(load(*store, "room-" + std::to_string(i)).map.state_hash(),
              work[static_cast<std::size_t>(i)].map().state_hash());
}

TEST(Store, CloseRoomThenAppendAgain) {
  TempDir dir;
  auto store = open_store(dir.path());
  Workload work(5);
  append_changes(*store, "r", work, 50);
  store->close_room("r");
  store->flush();
  EXPECT_FALSE(std::filesystem::exists(dir / "rooms/r.sqlite-wal")) << "closing checkpoints the WAL away";
  ASSERT_EQ(load(*store, "r").map.clock(), 50u);
  append_changes(*store, "r", work, 50);
  EXPECT_EQ(load(*store, "r").map.state_hash(), work.map().state_hash());
}

TEST(Store, AppendAfterStopAnswersWithAnError) {
  TempDir dir;
  auto store = open_store(dir.path());
  store->flush_and_stop();
  Workload work(1);
  bool called = false;
  store->append("r", work.next(), [&](const Status& s) {
    called = true;
    EXPECT_FALSE(s.ok());
  });
  EXPECT_TRUE(called);
}

TEST(Store, ListRoomsSummaries) {
  TempDir dir;
  Workload a(11), b(12);
  {
    auto store = open_store(dir.path());
    append_changes(*store, "alpha", a, 120);
    append_changes(*store, "beta", b, 30);
    SessionEvent join;
    join.wall_ms = 1'900'000'000'000;  // later than any change of the workload
    join.session_id = 9;
    join.display_name = "Late";
    store->record_session_event("beta", join);
    store->flush();
    auto list = store->list_rooms();  // while open, too
    ASSERT_EQ(list.size(), 2u);
  }
  StoreOptions options = options_for(dir.path());
  options.read_only = true;  // as `pss-server rooms` next to a running server
  auto store = open_store(options);
  auto list = store->list_rooms();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "alpha");
  EXPECT_EQ(list[0].error, "");
  EXPECT_EQ(list[0].elements, a.map().elements().size());
  EXPECT_EQ(list[0].links, a.map().links().size());
  EXPECT_EQ(list[0].changes, 120u);
  EXPECT_EQ(list[0].last_activity_ms, 1'700'000'000'000 + 120 * 10);
  EXPECT_GT(list[0].file_bytes, 0u);
  EXPECT_EQ(list[1].name, "beta");
  EXPECT_EQ(list[1].changes, 30u);
  EXPECT_EQ(list[1].elements, b.map().elements().size());
  EXPECT_EQ(list[1].last_activity_ms, 1'900'000'000'000);
}

TEST(Store, ReadOnlyStoreLoadsButNeverWrites) {
  TempDir dir;
  Workload work(4);
  {
    auto store = open_store(dir.path());
    append_changes(*store, "r", work, 40);
  }
  StoreOptions options = options_for(dir.path());
  options.read_only = true;
  auto store = open_store(options);
  EXPECT_EQ(load(*store, "r").map.state_hash(), work.map().state_hash());
  Status status;
  store->append("r", work.next(), [&](const Status& s) { status = s; });
  EXPECT_FALSE(status.ok());
  auto missing = store->load_room("nothing-here", pss::Limits{});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("no such room"), std::string::npos) << missing.error();
  EXPECT_FALSE(std::filesystem::exists(dir / "rooms/nothing-here.sqlite"));
}

// The facilitation state goes with the change that altered it (same transaction) or
// alone through the log queue; the latest one is what a reload gets.
TEST(Store, FacilitationStateIsStoredInOrderWithTheLog) {
  TempDir dir;
  Workload work(9);
  {
    auto store = open_store(dir.path());
    EXPECT_EQ(load(*store, "w").facilitation, "");
    auto rec = work.next();
    rec.facilitation = "with-change-1";
    std::promise<void> done;
    store->append("w", std::move(rec), [&](const Status& s) {
      EXPECT_TRUE(s.ok());
      done.set_value();
    });
    done.get_future().wait();
    EXPECT_EQ(load(*store, "w").facilitation, "with-change-1");
    store->write_facilitation("w", "alone-2");
    append_changes(*store, "w", work, 3);  // without a state: the last one stays
  }
  auto store = open_store(dir.path());
  LoadedRoom room = load(*store, "w");
  EXPECT_EQ(room.facilitation, "alone-2");
  EXPECT_EQ(room.map.clock(), 4u);
}

}  // namespace
}  // namespace pss::storage::testing
