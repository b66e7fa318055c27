// RoomState in durable rooms (commits held until the store has them) and in read-only
// replay rooms (recorded changes, ghost peers).
#include <gtest/gtest.h>

#include "ops.h"
#include "room_state.h"
#include "room_state_test_util.h"

namespace pss::server {
namespace {

using test::move;
using test::put_element;

RoomState durable_room() {
  RoomConfig config;
  config.durable = true;
  return RoomState("durable", config);
}

TEST(DurableRoomState, CommitIsHeldUntilDurable) {
  RoomState room = durable_room();
  room.join(1, hello("Ann", "client-ann"));
  room.join(2, hello("Bob"));
  auto commit = room.push(1, push(7, {put_element("e1")}));
  ASSERT_TRUE(commit);
  EXPECT_EQ(commit->change->clock(), 1u);
  EXPECT_EQ(*commit->author, "Ann");
  EXPECT_EQ(*commit->client_id, "client-ann");
  EXPECT_EQ(commit->client_seq, 7u);
  EXPECT_EQ(room.clock(), 1u);          // applied ...
  EXPECT_EQ(room.durable_clock(), 0u);  // ... but not durable:
  EXPECT_FALSE(room.has_pending());     // nobody hears of it yet

  room.durable(1);
  ASSERT_TRUE(room.has_pending());
  const auto out = room.flush();
  const auto ann = for_session(out, 1);
  ASSERT_EQ(ann.size(), 2u);
  EXPECT_EQ(ann[0].patch().changes(0).clock(), 1u);
  EXPECT_TRUE(ann[1].push_result().committed());
  EXPECT_EQ(for_session(out, 2).size(), 1u);
}

TEST(DurableRoomState, DurableReleasesOnlyUpToItsClockAndKeepsResultOrder) {
  RoomState room = durable_room();
  room.join(1, hello("Ann"));
  ASSERT_TRUE(room.push(1, push(1, {put_element("e1")})));
  ASSERT_FALSE(room.push(1, push(2, {move("missing", 1, 1)})));  // rejected behind a held commit
  ASSERT_TRUE(room.push(1, push(3, {put_element("e2")})));
  EXPECT_FALSE(room.has_pending());  // the rejection waits for the commit before it

  room.durable(1);
  auto ann = for_session(room.flush(), 1);
  ASSERT_EQ(ann.size(), 3u);
  EXPECT_EQ(ann[0].patch().changes_size(), 1);
  EXPECT_EQ(ann[1].push_result().client_seq(), 1u);
  EXPECT_EQ(ann[2].push_result().client_seq(), 2u);
  EXPECT_EQ(ann[2].push_result().reason(), pb::NOT_FOUND);
  EXPECT_FALSE(room.has_pending());

  room.durable(2);
  ann = for_session(room.flush(), 1);
  ASSERT_EQ(ann.size(), 2u);
  EXPECT_EQ(ann[0].patch().changes(0).clock(), 2u);
  EXPECT_EQ(ann[1].push_result().client_seq(), 3u);
  EXPECT_EQ(room.durable_clock(), 2u);
}

TEST(DurableRoomState, AuthorLeavingBeforeDurableDoesNotLoseTheChangeForOthers) {
  RoomState room = durable_room();
  room.join(1, hello("Ann"));
  room.join(2, hello("Bob"));
  ASSERT_TRUE(room.push(1, push(1, {put_element("e1")})));
  room.leave(1);
  room.durable(1);
  const auto out = room.flush();
  EXPECT_TRUE(for_session(out, 1).empty());
  const auto bob = for_session(out, 2);
  ASSERT_EQ(bob.size(), 1u);
  EXPECT_EQ(bob[0].patch().changes(0).clock(), 1u);
}

TEST(DurableRoomState, LoadedRoomKeepsClockAndClientSequences) {
  StrategyMap map = StrategyMap::with_default_rows();
  ASSERT_FALSE(map.apply_one(put_element("e1"), ApplyContext{41, nullptr}));
  RoomConfig config;
  config.durable = true;
  RoomState room("loaded", config, std::move(map), {{"client-ann", 9}});
  EXPECT_EQ(room.clock(), 41u);
  EXPECT_EQ(room.durable_clock(), 41u);
  const auto w = decode(room.join(1, hello("Ann", "client-ann")).welcome).at(0).welcome();
  EXPECT_EQ(w.clock(), 41u);
  EXPECT_EQ(w.last_client_seq(), 9u);
  EXPECT_FALSE(room.push(1, push(9, {put_element("e2")})));  // already processed before the restart
  EXPECT_EQ(room.clock(), 41u);
}

RoomState replay_room() {
  RoomConfig config;
  config.read_only = true;
  return RoomState("replay", config);
}

TEST(ReplayRoomState, ClientPushesAreRefusedReadOnly) {
  RoomState room = replay_room();
  room.join(1'000'000, hello("Viewer"));
  EXPECT_FALSE(room.push(1'000'000, push(1, {put_element("e1")})));
  const auto out = for_session(room.flush(), 1'000'000);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].push_result().reason(), pb::READ_ONLY);
  EXPECT_EQ(room.clock(), 0u);
}

TEST(ReplayRoomState, RecordedChangesApplyInClockOrderOnly) {
  RoomState room = replay_room();
  room.join(1'000'000, hello("Viewer"));
  pb::Change change;
  change.set_clock(1);
  change.set_session_id(3);
  *change.add_ops() = put_element("e1");
  ASSERT_FALSE(room.apply_recorded(change));
  EXPECT_TRUE(room.apply_recorded(change)) << "a repeated clock must be refused";
  change.set_clock(5);
  EXPECT_TRUE(room.apply_recorded(change)) << "a gap must be refused";
  const auto out = for_session(room.flush(), 1'000'000);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].patch().changes_size(), 1);
  EXPECT_EQ(out[0].patch().changes(0).session_id(), 3u);
  EXPECT_NE(room.map().element("e1"), nullptr);
}

TEST(ReplayRoomState, GhostPeersAppearInWelcomesAndCarryPresence) {
  RoomState room = replay_room();
  pb::Peer ghost;
  ghost.set_session_id(4);
  ghost.set_display_name("Ann (recorded)");
  const auto joined = decode(room.ghost_join(ghost));
  EXPECT_EQ(joined.at(0).peer_joined().peer().session_id(), 4u);

  const auto w = decode(room.join(1'000'000, hello("Viewer")).welcome).at(0).welcome();
  ASSERT_EQ(w.peers_size(), 1);
  EXPECT_EQ(w.peers(0).display_name(), "Ann (recorded)");

  pb::Presence p;
  p.mutable_cursor()->set_x(12);
  room.ghost_presence(4, p);
  room.ghost_presence(99, p);  // unknown ghosts are ignored
  const auto out = for_session(room.flush(), 1'000'000);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].presence().peers_size(), 1);
  EXPECT_EQ(out[0].presence().peers(0).session_id(), 4u);

  EXPECT_FALSE(room.ghost_leave(4).empty());
  EXPECT_TRUE(room.ghost_leave(4).empty());
}

}  // namespace
}  // namespace pss::server
