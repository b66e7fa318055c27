// End to end: people edit in the real pss-server (--data), pss-replay exports the
// room beside the running server and replays it to the very map they built.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <set>

#include "ops.h"
#include "recording.h"
#include "test_client.h"

namespace pss::replay::testing {
namespace {

using namespace std::chrono_literals;

// Pushes and waits for the commit.
void commit(test::TestClient& c, std::uint64_t seq, std::vector<pb::Op> ops) {
  ASSERT_TRUE(c.send_push(seq, std::move(ops)));
  auto r = c.push_result(seq);
  ASSERT_TRUE(r && r->committed()) << (r ? r->detail() : "no result");
}

std::string hash_of(const pb::Snapshot& snapshot) {
  auto map = StrategyMap::from_snapshot(snapshot, Limits{});
  return map ? map->state_hash() : "invalid snapshot";
}

TEST(ServerRecording, ExportedAndReplayedBesideTheRunningServer) {
  test::ServerProcess server;  // stores in a temporary data directory
  ASSERT_FALSE(server.data_dir().empty());
  test::TestClient alice(server.port()), bob(server.port());
  ASSERT_TRUE(alice.join("live", "Alice"));
  ASSERT_TRUE(bob.join("live", "Bob"));
  commit(alice, 1, {test::put_element("e1", 10, 10)});
  commit(bob, 1, {test::put_element("e2", 300, 10), test::put_link("l1", "e1", "e2")});
  ASSERT_TRUE(alice.send_presence(test::cursor_at(42, 24)));
  for (int i = 1; i <= 20; ++i) commit(alice, 1 + i, {test::move("e1", 10 + i * 5, 10)});
  commit(bob, 2, {test::remove_element("e2")});
  test::TestClient carol(server.port());
  auto final_state = carol.join("live", "Carol");
  ASSERT_TRUE(final_state);
  const std::string live_hash = hash_of(final_state->snapshot());
  const std::uint64_t last = final_state->clock();

  // Acknowledged means on disk: the export sees everything while the server runs.
  auto map = run_replay({"--data", server.data_dir(), "--room", "live", "--export", "map-json"});
  ASSERT_EQ(map.status, 0) << map.output;
  pb::Snapshot exported;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(map.output, &exported).ok()) << map.output;
  EXPECT_EQ(hash_of(exported), live_hash);
  auto csv = run_replay({"--data", server.data_dir(), "--room", "live", "--export", "csv"});
  ASSERT_EQ(csv.status, 0) << csv.output;
  EXPECT_NE(csv.output.find(",Bob,delete,link,l1,Card e1 -> Card e2,,Card e1 -> Card e2,\r\n"), std::string::npos)
      << csv.output;
  EXPECT_NE(csv.output.find(",Alice,update,element,e1,Card e1,position,\"105,10\",\"110,10\"\r\n"), std::string::npos)
      << csv.output;

  auto replay = start_replay({"--data", server.data_dir(), "--room", "live", "--speed", "100", "--name", "again"});
  test::TestClient viewer(replay->port());
  auto welcome = viewer.join("again", "Viewer");
  ASSERT_TRUE(welcome);
  auto seen = StrategyMap::from_snapshot(welcome->snapshot(), Limits{});
  ASSERT_TRUE(seen);
  std::set<std::string> people;
  for (const auto& p : welcome->peers()) people.insert(p.display_name());
  while (seen->clock() < last) {
    auto m = viewer.next(5s);
    ASSERT_TRUE(m) << "stuck at clock " << seen->clock();
    if (m->has_peer_joined()) people.insert(m->peer_joined().peer().display_name());
    if (!m->has_patch()) continue;
    for (const auto& change : m->patch().changes()) {
      ASSERT_FALSE(seen->apply(change.ops(), ApplyContext{change.clock(), nullptr}));
    }
  }
  EXPECT_EQ(seen->state_hash(), live_hash);
  EXPECT_TRUE(people.count("Alice") && people.count("Bob")) << "the recorded people are peers";
}

}  // namespace
}  // namespace pss::replay::testing
