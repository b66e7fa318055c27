// Replay determinism: a workshop recorded by the real Store comes back as the very
// states it went through, from the history (StrategyMap) and from the pss-replay
// server (over WebSocket, as a viewer sees it).
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "history/export.h"
#include "ops.h"
#include "recording.h"
#include "server_process.h"
#include "storage/history.h"
#include "test_client.h"

namespace pss::replay::testing {
namespace {

using namespace std::chrono_literals;

pb::History read(const std::filesystem::path& dir, const std::string& room, std::uint64_t from = 0) {
  auto store = storage::Store::open({.dir = dir, .read_only = true});
  EXPECT_TRUE(store.ok()) << store.error();
  auto reader = (*store)->open_reader(room);
  EXPECT_TRUE(reader.ok()) << reader.error();
  auto history = storage::read_history(*reader, room, Limits{}, from);
  EXPECT_TRUE(history.ok()) << history.error();
  return history.ok() ? *history : pb::History{};
}

TEST(ReplayDeterminism, TheStoredHistoryRebuildsTheLiveStateAtEveryClock) {
  TempDir dir;
  const auto live = record_workshop(dir.path(), "workshop", 400, 10);
  ASSERT_EQ(live.last_clock, 400u);
  const auto history = read(dir.path(), "workshop");
  ASSERT_EQ(history.changes_size(), 400);
  EXPECT_EQ(history.sessions_size(), 3);
  EXPECT_EQ(history.presence_size(), 120);
  EXPECT_EQ(history::map_at(history).state_hash(), live.final_hash());
  for (std::uint64_t c : {0, 1, 49, 50, 51, 199, 277, 399}) {
    EXPECT_EQ(history::map_at(history, c).state_hash(), live.hash_at.at(c)) << "clock " << c;
  }
  // A history read from a later clock starts from the stored state there (snapshot + log).
  for (std::uint64_t from : {50, 123}) {
    const auto part = read(dir.path(), "workshop", from);
    EXPECT_EQ(part.base().clock(), from);
    EXPECT_EQ(history::map_at(part, from).state_hash(), live.hash_at.at(from));
    EXPECT_EQ(history::map_at(part).state_hash(), live.final_hash());
  }
}

// Applies what a viewer receives to its own map, the way clients do.
struct Viewer {
  std::optional<StrategyMap> map;
  std::set<std::string> peers;      // display names seen
  std::set<std::uint32_t> cursors;  // sessions whose presence arrived
  int patches = 0;
  std::optional<pb::PushResult> push_result;

  void take(const pb::ServerMessage& m) {
    if (m.has_push_result()) {
      push_result = m.push_result();
    } else if (m.has_patch()) {
      ++patches;
      for (const auto& change : m.patch().changes()) {
        ASSERT_EQ(change.clock(), map->clock() + 1);
        ASSERT_FALSE(map->apply(change.ops(), ApplyContext{change.clock(), nullptr}));
      }
    } else if (m.has_peer_joined()) {
      peers.insert(m.peer_joined().peer().display_name());
    } else if (m.has_presence()) {
      for (const auto& p : m.presence().peers()) cursors.insert(p.session_id());
    }
  }
};

TEST(ReplayServer, AViewerWatchesTheMapRebuiltToTheLiveFinalState) {
  TempDir dir;
  const auto live = record_workshop(dir.path(), "workshop", 300, 200);  // 60 s recorded
  const auto started = std::chrono::steady_clock::now();
  auto replay = start_replay(
      {"--data", dir.path().string(), "--room", "workshop", "--name", "watch", "--speed", "20", "--exit-at-end"});
  test::TestClient client(replay->port());
  auto welcome = client.join("watch", "Viewer");
  ASSERT_TRUE(welcome);
  Viewer viewer;
  viewer.map = StrategyMap::from_snapshot(welcome->snapshot(), Limits{});
  ASSERT_TRUE(viewer.map);
  EXPECT_LT(welcome->clock(), live.last_clock) << "the viewer joined after the replay ended";
  for (const auto& p : welcome->peers()) viewer.peers.insert(p.display_name());

  // A replay room is read-only.
  ASSERT_TRUE(client.send_push(1, {test::put_element("mine")}));

  while (viewer.map->clock() < live.last_clock || !viewer.push_result) {
    auto m = client.next(10s);
    ASSERT_TRUE(m) << "stuck at clock " << viewer.map->clock();
    viewer.take(*m);
    if (::testing::Test::HasFatalFailure()) return;
  }
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_FALSE(viewer.push_result->committed());
  EXPECT_EQ(viewer.push_result->reason(), pb::READ_ONLY);
  EXPECT_EQ(viewer.map->state_hash(), live.final_hash());
  EXPECT_GT(viewer.patches, 1) << "the map is rebuilt step by step";
  // 300 steps 200 ms apart at speed 20: about 3 s, not all at once.
  EXPECT_GT(took, 1500ms);
  for (const char* who : {"Participant 0", "Participant 1", "Participant 2"})
    EXPECT_TRUE(viewer.peers.count(who)) << who;
  EXPECT_TRUE(viewer.cursors.count(1) && viewer.cursors.count(3)) << "recorded cursors are shown";

  // --exit-at-end: the replay stops on its own about a second later.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (replay->running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(replay->running());
}

TEST(ReplayServer, FromStartsAtTheRecordedStateOfThatMoment) {
  TempDir dir;
  const auto live = record_workshop(dir.path(), "workshop", 150, 10);
  // --from and --to at the same moment: nothing to play, the room shows clock 120.
  auto replay = start_replay({"--data", dir.path().string(), "--room", "workshop", "--from", "c120", "--to", "1.2s"});
  test::TestClient client(replay->port());
  auto welcome = client.join("workshop", "Viewer");
  ASSERT_TRUE(welcome);
  EXPECT_EQ(welcome->clock(), 120u);
  auto map = StrategyMap::from_snapshot(welcome->snapshot(), Limits{});
  ASSERT_TRUE(map);
  EXPECT_EQ(map->state_hash(), live.hash_at.at(120));
  std::set<std::string> peers;
  for (const auto& p : welcome->peers()) peers.insert(p.display_name());
  EXPECT_EQ(peers.size(), 3u) << "people who joined before --from are there";
}

TEST(ReplayEnd, PrintsTheFinalClockAndHashAndExits) {
  TempDir dir;
  const auto live = record_workshop(dir.path(), "workshop", 200, 10);
  auto r = run_replay({"--data", dir.path().string(), "--room", "workshop", "--port", "0", "--speed", "100", "--to",
                       "c180", "--exit-at-end"});
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("listening on 127.0.0.1:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("replay finished at clock 180 hash " + live.hash_at.at(180) + "\n"), std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace pss::replay::testing
