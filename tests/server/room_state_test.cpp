// RoomState without sockets: what each member would receive, decoded.
#include "room_state.h"

#include <gtest/gtest.h>

#include "ops.h"
#include "room_state_test_util.h"

namespace pss::server {
namespace {

using test::move;
using test::put_element;

RoomState make_room(std::size_t max_sessions = 10) {
  RoomConfig config;
  config.max_sessions = max_sessions;
  return RoomState("demo", config);
}

TEST(RoomState, FirstJoinGetsFullSnapshotOfDefaultRows) {
  RoomState room = make_room();
  auto joined = room.join(1, hello("Ann"));
  ASSERT_FALSE(joined.refused);
  const auto w = decode(joined.welcome).at(0).welcome();
  EXPECT_EQ(w.session_id(), 1u);
  EXPECT_EQ(w.room(), "demo");
  EXPECT_TRUE(w.full());
  EXPECT_EQ(w.snapshot().rows_size(), 8);
  EXPECT_EQ(w.clock(), 0u);
  EXPECT_EQ(w.peers_size(), 0);
  EXPECT_EQ(w.limits().max_ops_per_push(), 1000u);
  EXPECT_NE(w.color(), 0u);
  EXPECT_EQ(decode(joined.peer_joined).at(0).peer_joined().peer().display_name(), "Ann");
}

TEST(RoomState, WelcomeListsOtherPeersWithDistinctColours) {
  RoomState room = make_room();
  room.join(1, hello("Ann"));
  const auto w = decode(room.join(2, hello("Bob")).welcome).at(0).welcome();
  ASSERT_EQ(w.peers_size(), 1);
  EXPECT_EQ(w.peers(0).display_name(), "Ann");
  EXPECT_EQ(w.peers(0).group(), pb::SERVICE_USER);
  EXPECT_NE(w.peers(0).color(), w.color());
}

TEST(RoomState, CommittedPushPatchesEveryoneThenResultToAuthor) {
  RoomState room = make_room();
  room.join(1, hello("Ann"));
  room.join(2, hello("Bob"));
  room.push(1, push(1, {put_element("e1")}));
  ASSERT_TRUE(room.has_pending());
  const auto out = room.flush();
  EXPECT_FALSE(room.has_pending());

  const auto ann = for_session(out, 1);
  ASSERT_EQ(ann.size(), 2u);
  ASSERT_TRUE(ann[0].has_patch());        // Patch first ...
  ASSERT_TRUE(ann[1].has_push_result());  // ... then the author's PushResult
  EXPECT_TRUE(ann[1].push_result().committed());
  EXPECT_EQ(ann[1].push_result().clock(), 1u);
  const auto& change = ann[0].patch().changes(0);
  EXPECT_EQ(change.clock(), 1u);
  EXPECT_EQ(change.session_id(), 1u);
  EXPECT_EQ(change.ops(0).put().element().author(), "Ann");  // stamped by the server
  EXPECT_EQ(change.ops(0).put().element().group(), pb::SERVICE_USER);

  const auto bob = for_session(out, 2);
  ASSERT_EQ(bob.size(), 1u);
  EXPECT_TRUE(bob[0].has_patch());
  EXPECT_EQ(room.clock(), 1u);
}

TEST(RoomState, ChangesWithinOneFlushShareOnePatch) {
  RoomState room = make_room();
  room.join(1, hello("Ann"));
  room.push(1, push(1, {put_element("e1")}));
  room.push(1, push(2, {move("e1", 10, 20)}));
  room.push(1, push(3, {put_element("e2")}));
  const auto ann = for_session(room.flush(), 1);
  ASSERT_EQ(ann.size(), 4u);
  ASSERT_EQ(ann[0].patch().changes_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ann[0].patch().changes(i).clock(), static_cast<std::uint64_t>(i + 1));
    EXPECT_EQ(ann[i + 1].push_result().client_seq(), static_cast<std::uint64_t>(i + 1));
  }
}

TEST(RoomState, RejectedPushGoesToAuthorOnlyAndKeepsTheClock) {
  RoomState room = make_room();
  room.join(1, hello("Ann"));
  room.join(2, hello("Bob"));
  room.push(1, push(1, {move("missing", 1, 1)}));
  const auto out = room.flush();
  EXPECT_EQ(out.size(), 1u);
  const auto ann = for_session(out, 1);
  ASSERT_EQ(ann.size(), 1u);
  EXPECT_FALSE(ann[0].push_result().committed());
  EXPECT_EQ(ann[0].push_result().reason(), pb::NOT_FOUND);
  EXPECT_FALSE(ann[0].push_result().detail().empty());
  EXPECT_EQ(room.clock(), 0u);
}

TEST(RoomState, SequenceIsPerClientIdAndSurvivesReconnect) {
  RoomState room = make_room();
  room.join(1, hello("Ann", "client-a"));
  room.push(1, push(5, {put_element("e1")}));
  room.push(1, push(5, {put_element("e2")}));  // same seq: stale
  room.push(1, push(4, {put_element("e3")}));  // lower: stale
  auto ann = for_session(room.flush(), 1);
  ASSERT_EQ(ann.size(), 4u);
  EXPECT_TRUE(ann[1].push_result().committed());
  EXPECT_EQ(ann[2].push_result().reason(), pb::STALE_SEQUENCE);
  EXPECT_EQ(ann[3].push_result().reason(), pb::STALE_SEQUENCE);

  room.leave(1);
  const auto w = decode(room.join(2, hello("Ann", "client-a", 1)).welcome).at(0).welcome();
  EXPECT_EQ(w.last_client_seq(), 5u);
  room.push(2, push(5, {put_element("e4")}));
  ann = for_session(room.flush(), 2);
  EXPECT_EQ(ann.at(0).push_result().reason(), pb::STALE_SEQUENCE);
}

TEST(RoomState, RejectedPushStillAdvancesTheSequence) {
  RoomState room = make_room();
  room.join(1, hello("Ann", "c"));
  room.push(1, push(1, {move("missing", 0, 0)}));
  room.push(1, push(1, {put_element("e1")}));
  const auto ann = for_session(room.flush(), 1);
  EXPECT_EQ(ann.back().push_result().reason(), pb::STALE_SEQUENCE);
}

TEST(RoomState, ReconnectWithKnownClockGetsChangesNotSnapshot) {
  RoomState room = make_room();
  room.join(1, hello("Ann"));
  room.push(1, push(1, {put_element("e1")}));
  room.push(1, push(2, {put_element("e2")}));
  room.flush();
  const auto w = decode(room.join(2, hello("Bob", {}, 1)).welcome).at(0).welcome();
  EXPECT_FALSE(w.full());
  EXPECT_FALSE(w.has_snapshot());
  EXPECT_EQ(w.clock(), 2u);
  ASSERT_EQ(w.changes_size(), 1);
  EXPECT_EQ(w.changes(0).put().element().id(), "e2");
}

TEST(RoomState, ClockFromTheFutureGetsFullSnapshot) {
  RoomState room = make_room();
  const auto w = decode(room.join(1, hello("Ann", {}, 99)).welcome).at(0).welcome();
  EXPECT_TRUE(w.full());
  EXPECT_EQ(w.snapshot().rows_size(), 8);
}

TEST(RoomState, SnapshotIsEncodedOncePerClock) {
  RoomState room = make_room(100);
  for (std::uint32_t id = 1; id <= 20; ++id) room.join(id, hello("P" + std::to_string(id)));
  EXPECT_EQ(room.snapshot_encodings(), 1u);
  room.push(1, push(1, {put_element("e1")}));
  const auto w = decode(room.join(21, hello("Late")).welcome).at(0).welcome();
  EXPECT_EQ(w.snapshot().elements_size(), 1);
  room.join(22, hello("Later"));
  EXPECT_EQ(room.snapshot_encodings(), 2u);
}

TEST(RoomState, JoinFlushesPendingChangesFirst) {
  RoomState room = make_room();
  room.join(1, hello("Ann"));
  room.push(1, push(1, {put_element("e1")}));
  auto joined = room.join(2, hello("Bob"));
  // Ann gets the pending Patch now; Bob's snapshot already holds e1 at clock 1.
  ASSERT_EQ(joined.flushed.size(), 1u);
  EXPECT_TRUE(for_session(joined.flushed, 1).at(0).has_patch());
  const auto w = decode(joined.welcome).at(0).welcome();
  EXPECT_EQ(w.clock(), 1u);
  EXPECT_EQ(w.snapshot().elements_size(), 1);
  EXPECT_FALSE(room.has_pending());
}

TEST(RoomState, PresenceGoesToOthersNotToItsSender) {
  RoomState room = make_room();
  room.join(1, hello("Ann"));
  room.join(2, hello("Bob"));
  room.join(3, hello("Cy"));
  room.presence(1, test::cursor_at(1, 1));
  room.presence(2, test::cursor_at(2, 2));
  room.presence(2, test::cursor_at(3, 3));  // coalesced: only the latest is sent
  const auto out = room.flush();

  auto senders = [](const std::vector<pb::ServerMessage>& msgs) {
    std::vector<std::uint32_t> ids;
    for (const auto& m : msgs)
      for (const auto& p : m.presence().peers()) ids.push_back(p.session_id());
    return ids;
  };
  EXPECT_EQ(senders(for_session(out, 1)), std::vector<std::uint32_t>{2});
  EXPECT_EQ(senders(for_session(out, 2)), std::vector<std::uint32_t>{1});
  EXPECT_EQ(senders(for_session(out, 3)), (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(for_session(out, 1).at(0).presence().peers(0).presence().cursor().x(), 3);
}

TEST(RoomState, RoomFullIsRefused) {
  RoomState room = make_room(2);
  room.join(1, hello("Ann"));
  room.join(2, hello("Bob"));
  auto third = room.join(3, hello("Cy"));
  ASSERT_TRUE(third.refused);
  EXPECT_EQ(third.refused->reason, pb::ROOM_FULL);
  EXPECT_EQ(room.session_count(), 2u);
  room.push(3, push(1, {put_element("e1")}));  // ignored: not a member
  EXPECT_FALSE(room.has_pending());
}

TEST(RoomState, LeaveAnnouncesAndForgetsPresence) {
  RoomState room = make_room();
  room.join(1, hello("Ann"));
  room.join(2, hello("Bob"));
  room.presence(2, test::cursor_at(1, 1));
  const auto left = decode(room.leave(2));
  EXPECT_EQ(left.at(0).peer_left().session_id(), 2u);
  EXPECT_FALSE(room.has_pending());
  EXPECT_TRUE(room.leave(2).empty());
}

}  // namespace
}  // namespace pss::server
