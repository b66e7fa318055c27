// Replica without sockets: optimistic edits, rebase on server changes, rejections,
// drag coalescing, reconnects and catch-up, driven through a FakeRoom.
#include "client/core/replica.h"

#include <gtest/gtest.h>

#include "fake_room.h"

namespace pss::client {
namespace {

using testing::arrow;
using testing::card;
using testing::FakeRoom;
using testing::retitle;

class ReplicaTest : public ::testing::Test {
 protected:
  static constexpr std::uint32_t kMe = 7;
  FakeRoom room;
  Identity me{"Ann", pb::STAFF};
  Replica replica{me};

  void SetUp() override { replica.on_welcome(room.welcome(kMe, 0, "ann")); }

  // Hands every unsent push to the room; the answers are returned, not yet delivered.
  std::vector<FakeRoom::Outcome> send() {
    std::vector<FakeRoom::Outcome> out;
    for (const auto& push : replica.take_unsent()) out.push_back(room.push(kMe, me, "ann", push));
    return out;
  }
  // Delivers one answer as the server does: the Patch first, then the PushResult.
  std::optional<pb::PushResult> deliver(const FakeRoom::Outcome& o) {
    if (o.patch.changes_size()) replica.on_patch(o.patch);
    return replica.on_push_result(o.result);
  }
  void sync() {
    for (const auto& o : send()) deliver(o);
  }
  static std::string title(const StrategyMap& m, const std::string& id) {
    const pb::Element* e = m.element(id);
    return e ? e->title() : "<missing>";
  }
};

TEST_F(ReplicaTest, EditAppliesToTheViewAtOnce) {
  ASSERT_FALSE(replica.edit({ops::put(card("a"))}));
  EXPECT_NE(replica.view().element("a"), nullptr);
  EXPECT_EQ(replica.view().element("a")->author(), "Ann");  // stamped like the server will
  EXPECT_EQ(replica.confirmed().element("a"), nullptr);
  EXPECT_EQ(replica.pending_count(), 1u);
  auto pushes = replica.take_unsent();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].client_seq(), 1u);
  EXPECT_TRUE(replica.take_unsent().empty());  // handed out once
}

TEST_F(ReplicaTest, InvalidEditIsRefusedLocally) {
  auto bad = card("a");
  bad.set_row("no-such-row");
  auto why = replica.edit({ops::put(bad)});
  ASSERT_TRUE(why);
  EXPECT_EQ(why->reason, pb::NOT_FOUND);
  EXPECT_EQ(replica.pending_count(), 0u);
}

TEST_F(ReplicaTest, ServerPatchFromAnotherAuthorMerges) {
  ASSERT_FALSE(replica.edit({ops::put(card("mine", "Stop-smoking clinics"))}));
  replica.on_patch(room.other({ops::put(card("theirs", "Trained advisers", "people"))}));
  EXPECT_NE(replica.view().element("mine"), nullptr);
  EXPECT_NE(replica.view().element("theirs"), nullptr);
  EXPECT_NE(replica.confirmed().element("theirs"), nullptr);
  EXPECT_EQ(replica.confirmed().element("mine"), nullptr);
  sync();
  EXPECT_EQ(replica.pending_count(), 0u);
  EXPECT_EQ(replica.view().state_hash(), room.map.state_hash());
  EXPECT_EQ(replica.confirmed().state_hash(), room.map.state_hash());
}

TEST_F(ReplicaTest, PendingWriteIsNotOverwrittenByAnOlderServerValue) {
  replica.on_patch(room.other({ops::put(card("x", "Old title"))}));
  ASSERT_FALSE(replica.edit({retitle("x", "Mine")}));
  // Bob's write of the same field is committed first; ours is on its way.
  auto bob = room.other({retitle("x", "Bob's")});
  auto sent = send();
  replica.on_patch(bob);
  EXPECT_EQ(title(replica.view(), "x"), "Mine");  // no flicker back to Bob's value
  EXPECT_EQ(title(replica.confirmed(), "x"), "Bob's");
  ASSERT_EQ(replica.pending_count(), 1u);
  // Our push reached the room after Bob's, so it wins (last writer).
  for (const auto& o : sent) deliver(o);
  EXPECT_EQ(title(replica.view(), "x"), "Mine");
  EXPECT_EQ(title(replica.confirmed(), "x"), "Mine");
}

TEST_F(ReplicaTest, NoFlickerThroughTheWholeExchange) {
  replica.on_patch(room.other({ops::put(card("x", "Old title"))}));
  ASSERT_FALSE(replica.edit({retitle("x", "Mine")}));
  auto bob = room.other({retitle("x", "Bob's")});  // committed before our push
  auto ours = send();
  ASSERT_EQ(ours.size(), 1u);
  replica.on_patch(bob);
  EXPECT_EQ(title(replica.view(), "x"), "Mine");
  replica.on_patch(ours[0].patch);
  EXPECT_EQ(title(replica.view(), "x"), "Mine");
  EXPECT_EQ(title(replica.confirmed(), "x"), "Mine");
  EXPECT_FALSE(replica.on_push_result(ours[0].result));
  EXPECT_EQ(title(replica.view(), "x"), "Mine");
  EXPECT_EQ(replica.pending_count(), 0u);
  EXPECT_EQ(replica.view().state_hash(), room.map.state_hash());
}

TEST_F(ReplicaTest, LaterServerWriteWinsOverAcknowledgedOne) {
  replica.on_patch(room.other({ops::put(card("x", "Old title"))}));
  ASSERT_FALSE(replica.edit({retitle("x", "Mine")}));
  sync();
  replica.on_patch(room.other({retitle("x", "Bob's")}));
  EXPECT_EQ(title(replica.view(), "x"), "Bob's");
}

TEST_F(ReplicaTest, RejectedPushDisappearsFromTheView) {
  replica.on_patch(room.other({ops::put(card("a")), ops::put(card("b"))}));
  ASSERT_FALSE(replica.edit({ops::put(arrow("l1", "a", "b"))}));
  // Bob removed b before our arrow arrived: the room refuses it.
  auto bob = room.other({ops::remove(pb::ELEMENT, "b")});
  auto ours = send();
  replica.on_patch(bob);
  EXPECT_EQ(replica.view().link("l1"), nullptr);
  ASSERT_EQ(ours.size(), 1u);
  ASSERT_FALSE(ours[0].result.committed());
  auto rejected = deliver(ours[0]);
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->reason(), pb::NOT_FOUND);
  EXPECT_EQ(replica.pending_count(), 0u);
  EXPECT_EQ(replica.view().state_hash(), room.map.state_hash());
}

TEST_F(ReplicaTest, RejectionArrivingWhileStillInTheViewRemovesIt) {
  replica.on_patch(room.other({ops::put(card("a"))}));
  ASSERT_FALSE(replica.edit({retitle("a", "Mine")}));
  pb::PushResult no;
  no.set_client_seq(replica.take_unsent().at(0).client_seq());
  no.set_reason(pb::RATE_LIMITED);
  auto rejected = replica.on_push_result(no);
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->reason(), pb::RATE_LIMITED);
  EXPECT_EQ(title(replica.view(), "a"), "Fewer people smoke");
}

TEST_F(ReplicaTest, UnsentEditThatNoLongerAppliesIsDroppedLocally) {
  replica.on_patch(room.other({ops::put(card("a"))}));
  ASSERT_FALSE(replica.edit({retitle("a", "Mine")}));
  replica.on_patch(room.other({ops::remove(pb::ELEMENT, "a")}));
  EXPECT_EQ(replica.pending_count(), 0u);
  auto dropped = replica.take_local_rejections();
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].reason(), pb::NOT_FOUND);
  EXPECT_TRUE(replica.take_unsent().empty());
}

TEST_F(ReplicaTest, OwnRemovalIsNotMistakenForAFailedRebase) {
  replica.on_patch(room.other({ops::put(card("a")), ops::put(card("b"))}));
  ASSERT_FALSE(replica.edit({ops::remove(pb::ELEMENT, "a")}));
  ASSERT_FALSE(replica.edit({retitle("b", "Still here")}));
  auto ours = send();
  ASSERT_EQ(ours.size(), 2u);
  replica.on_patch(ours[0].patch);  // our removal, confirmed; the retitle still pending
  EXPECT_EQ(replica.view().element("a"), nullptr);
  EXPECT_EQ(title(replica.view(), "b"), "Still here");
  EXPECT_TRUE(replica.take_local_rejections().empty());
  EXPECT_FALSE(replica.on_push_result(ours[0].result));
  EXPECT_FALSE(deliver(ours[1]));
  EXPECT_EQ(replica.pending_count(), 0u);
  EXPECT_EQ(replica.view().state_hash(), room.map.state_hash());
}

// The server flushes per tick: one Patch with every change, then the PushResults. A
// refused push and a committed one in the same tick must both come out right.
TEST_F(ReplicaTest, RefusalAndCommitInOneTick) {
  for (bool batched : {true, false}) {
    SCOPED_TRACE(batched ? "batched" : "unbatched");
    replica.on_patch(room.other({ops::put(card("a")), ops::put(card("b"))}));
    ASSERT_FALSE(replica.edit({retitle("a", "Mine a")}));
    ASSERT_FALSE(replica.edit({retitle("b", "Mine b")}));
    pb::Patch tick = room.other({ops::remove(pb::ELEMENT, "a")});  // Bob first: our retitle of a fails
    auto ours = send();
    ASSERT_EQ(ours.size(), 2u);
    ASSERT_FALSE(ours[0].result.committed());
    ASSERT_TRUE(ours[1].result.committed());
    for (const auto& c : ours[1].patch.changes()) *tick.add_changes() = c;
    if (batched) replica.begin_batch();
    replica.on_patch(tick);
    auto first = replica.on_push_result(ours[0].result);
    auto second = replica.on_push_result(ours[1].result);
    if (batched) replica.end_batch();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->reason(), pb::NOT_FOUND);
    EXPECT_FALSE(second);
    EXPECT_TRUE(replica.take_local_rejections().empty());
    EXPECT_EQ(replica.pending_count(), 0u);
    EXPECT_EQ(title(replica.view(), "b"), "Mine b");
    EXPECT_EQ(replica.view().state_hash(), room.map.state_hash());
    replica.on_patch(room.other({ops::remove(pb::ELEMENT, "b")}));
  }
}

TEST_F(ReplicaTest, BatchRebuildsTheViewOnceAtTheEnd) {
  replica.on_patch(room.other({ops::put(card("a"))}));
  ASSERT_FALSE(replica.edit({retitle("a", "Mine")}));
  auto bob = room.other({ops::put(card("b"))});
  replica.begin_batch();
  replica.on_patch(bob);
  EXPECT_EQ(replica.view().element("b"), nullptr);  // not yet: the view waits for the batch
  replica.end_batch();
  EXPECT_NE(replica.view().element("b"), nullptr);
  EXPECT_EQ(title(replica.view(), "a"), "Mine");
}

TEST_F(ReplicaTest, DragStepsCoalesceIntoOnePushPerSend) {
  replica.on_patch(room.other({ops::put(card("a"))}));
  for (int i = 1; i <= 5; ++i) ASSERT_FALSE(replica.edit({ops::move("a", 10.0 * i, 20)}, true));
  EXPECT_EQ(replica.pending_count(), 1u);
  EXPECT_DOUBLE_EQ(replica.view().element("a")->position().x(), 50);
  auto pushes = replica.take_unsent();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_DOUBLE_EQ(pushes[0].ops(0).patch().value().element().position().x(), 50);

  // Once handed out, a push is final: the next step starts a new one.
  ASSERT_FALSE(replica.edit({ops::move("a", 60, 20)}, true));
  ASSERT_FALSE(replica.edit({ops::move("a", 70, 20)}, true));
  EXPECT_EQ(replica.pending_count(), 2u);
  // Other fields, or a non-drag edit, never merge into a drag.
  ASSERT_FALSE(replica.edit({retitle("a", "Moved")}, true));
  ASSERT_FALSE(replica.edit({ops::move("a", 80, 20)}));
  ASSERT_FALSE(replica.edit({ops::move("a", 90, 20)}, true));
  EXPECT_EQ(replica.pending_count(), 5u);
  EXPECT_DOUBLE_EQ(replica.view().element("a")->position().x(), 90);
  sync();
  sync();
  EXPECT_EQ(replica.view().state_hash(), room.map.state_hash());
  EXPECT_DOUBLE_EQ(room.map.element("a")->position().x(), 90);
}

TEST_F(ReplicaTest, ReconnectDropsProcessedPushesAndResendsTheRest) {
  replica.on_patch(room.other({ops::put(card("a"))}));
  ASSERT_FALSE(replica.edit({retitle("a", "One")}));
  ASSERT_FALSE(replica.edit({retitle("a", "Two")}));
  ASSERT_FALSE(replica.edit({ops::put(card("b", "Three"))}));
  auto pushes = replica.take_unsent();
  ASSERT_EQ(pushes.size(), 3u);
  // The room processed the first two, then the connection dropped before any answer.
  room.push(kMe, me, "ann", pushes[0]);
  room.push(kMe, me, "ann", pushes[1]);
  const std::uint64_t clock_before = replica.server_clock();
  replica.on_disconnect();
  EXPECT_TRUE(replica.take_unsent().empty());                    // nothing goes out before the Welcome
  ASSERT_FALSE(replica.edit({ops::put(card("c", "Offline"))}));  // edits go on offline
  EXPECT_EQ(title(replica.view(), "a"), "Two");

  replica.on_welcome(room.welcome(8, clock_before, "ann"));
  EXPECT_FALSE(replica.last_welcome_full());
  EXPECT_EQ(replica.pending_count(), 2u);  // "Three" and "Offline"
  auto again = replica.take_unsent();
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].client_seq(), 3u);  // same seq: the room never saw it
  EXPECT_EQ(again[1].client_seq(), 4u);
  for (const auto& p : again) {
    auto o = room.push(8, me, "ann", p);
    replica.on_patch(o.patch);
    replica.on_push_result(o.result);
  }
  EXPECT_EQ(replica.pending_count(), 0u);
  EXPECT_EQ(replica.view().state_hash(), room.map.state_hash());
}

TEST_F(ReplicaTest, CatchUpWithChangesReachesTheServerState) {
  replica.on_patch(room.other({ops::put(card("a")), ops::put(card("b")), ops::put(card("c"))}));
  const std::uint64_t seen = replica.server_clock();
  replica.on_disconnect();
  room.other({ops::put(arrow("l1", "a", "b"))});
  room.other({ops::remove(pb::ELEMENT, "a")});  // takes l1 with it
  room.other({ops::put(arrow("l2", "b", "c")), retitle("c", "Improved")});
  replica.on_welcome(room.welcome(kMe, seen, "ann"));
  EXPECT_FALSE(replica.last_welcome_full());
  EXPECT_GT(replica.last_welcome_changes(), 0u);
  EXPECT_EQ(replica.confirmed().state_hash(), room.map.state_hash());
  EXPECT_EQ(replica.view().state_hash(), room.map.state_hash());
}

TEST_F(ReplicaTest, ChangeThatDoesNotApplyAsksForAFullResync) {
  pb::Patch broken;
  auto* change = broken.add_changes();
  change->set_clock(replica.server_clock() + 1);
  *change->add_ops() = retitle("nope", "x");
  replica.on_patch(broken);
  EXPECT_TRUE(replica.needs_resync());
  EXPECT_EQ(replica.hello_clock(), 0u);
  replica.on_disconnect();
  replica.on_welcome(room.welcome(kMe, replica.hello_clock(), "ann"));
  EXPECT_TRUE(replica.last_welcome_full());
  EXPECT_FALSE(replica.needs_resync());
  EXPECT_EQ(replica.confirmed().state_hash(), room.map.state_hash());
}

TEST_F(ReplicaTest, WelcomeAdoptsServerLimits) {
  pb::Welcome w = room.welcome(kMe, 0, "ann");
  w.mutable_limits()->set_max_elements(1);
  replica.on_welcome(w);
  ASSERT_FALSE(replica.edit({ops::put(card("a"))}));
  auto why = replica.edit({ops::put(card("b"))});
  ASSERT_TRUE(why);
  EXPECT_EQ(why->reason, pb::TOO_MANY);
}

TEST_F(ReplicaTest, EditTooLargeToSendIsRefusedLocally) {
  pb::Welcome w = room.welcome(kMe, 0, "ann");
  w.mutable_limits()->set_max_message_bytes(300);
  replica.on_welcome(w);
  EXPECT_FALSE(replica.edit({ops::put(card("a"))}));
  auto why = replica.edit({ops::put(card("b", std::string(400, 'x')))});
  ASSERT_TRUE(why);
  EXPECT_EQ(why->reason, pb::TOO_LONG);
}

}  // namespace
}  // namespace pss::client
