// Undo through the real client engine (pss::client::Replica) with a minimal in-memory
// server: own edits are pushed and confirmed, others' edits arrive as Patches, and
// undo must still touch only what is ours.
#include <gtest/gtest.h>

#include "board_fixture.h"
#include "client/core/replica.h"

namespace pss::ui {
namespace {

using testing::card;

class ReplicaDocument : public Document {
 public:
  explicit ReplicaDocument(client::Replica& r) : replica_(r) {}
  const StrategyMap& view() const override { return replica_.view(); }
  Check edit(std::vector<pb::Op> ops, bool coalesce) override { return replica_.edit(std::move(ops), coalesce); }

 private:
  client::Replica& replica_;
};

// The server's side: the authoritative map, one Change per push, in order.
class MiniServer {
 public:
  StrategyMap map = StrategyMap::with_default_rows();

  pb::Welcome welcome(std::uint32_t session) const {
    pb::Welcome w;
    w.set_session_id(session);
    w.set_clock(map.clock());
    w.set_full(true);
    *w.mutable_snapshot() = map.snapshot();
    w.set_room("test");
    return w;
  }
  // Applies ops from `session`; returns the Patch every replica receives.
  pb::Patch commit(std::uint32_t session, const Identity& who, const google::protobuf::RepeatedPtrField<pb::Op>& ops,
                   bool* ok = nullptr) {
    std::vector<pb::Op> applied;
    const auto failed = map.apply(ops, {map.clock() + 1, &who}, &applied);
    if (ok) *ok = !failed;
    pb::Patch patch;
    if (failed) return patch;
    auto* change = patch.add_changes();
    change->set_clock(map.clock());
    change->set_session_id(session);
    for (auto& op : applied) *change->add_ops() = std::move(op);
    return patch;
  }
};

class UndoWithReplicaTest : public ::testing::Test {
 protected:
  static constexpr std::uint32_t kMe = 1, kThem = 2;
  Identity me{"Me", pb::STAFF};
  MiniServer server;
  client::Replica replica{me};
  ReplicaDocument doc{replica};
  Editor editor{doc};

  void SetUp() override {
    google::protobuf::RepeatedPtrField<pb::Op> ops;
    *ops.Add() = put_op(card("a", "processes", {100, 700}, pb::PROCESS, "Original"));
    server.commit(kThem, testing::kOther, ops);
    replica.on_welcome(server.welcome(kMe));
  }
  // Sends our pending pushes and delivers the answers, as the network would.
  void sync() {
    for (const auto& push : replica.take_unsent()) {
      bool ok = false;
      const pb::Patch patch = server.commit(kMe, me, push.ops(), &ok);
      if (ok) replica.on_patch(patch);
      pb::PushResult result;
      result.set_client_seq(push.client_seq());
      result.set_committed(ok);
      result.set_clock(ok ? server.map.clock() : 0);
      replica.on_push_result(result);
    }
  }
  void remote(pb::Op op) {
    google::protobuf::RepeatedPtrField<pb::Op> ops;
    *ops.Add() = std::move(op);
    replica.on_patch(server.commit(kThem, testing::kOther, ops));
  }
  std::string title() const { return replica.view().element("a")->title(); }
  static pb::Op retitle(const std::string& t) {
    pb::Element v;
    v.set_id("a");
    v.set_title(t);
    return patch_op(v, {pb::Element::kTitleFieldNumber});
  }
  static pb::Op move(double x) {
    pb::Element v;
    v.set_id("a");
    v.mutable_position()->set_x(x);
    v.mutable_position()->set_y(700);
    return patch_op(v, {pb::Element::kPositionFieldNumber});
  }
};

TEST_F(UndoWithReplicaTest, ConfirmedOwnEditIsUndone) {
  ASSERT_FALSE(editor.apply({retitle("Mine")}));
  sync();
  EXPECT_EQ(replica.pending_count(), 0u);
  EXPECT_TRUE(editor.undo());
  sync();
  EXPECT_EQ(server.map.element("a")->title(), "Original");
}

TEST_F(UndoWithReplicaTest, LaterRemoteEditOfTheSameFieldWins) {
  ASSERT_FALSE(editor.apply({retitle("Mine")}));
  sync();
  remote(retitle("Theirs"));
  EXPECT_EQ(title(), "Theirs");
  EXPECT_FALSE(editor.undo());
  sync();
  EXPECT_EQ(server.map.element("a")->title(), "Theirs");
}

TEST_F(UndoWithReplicaTest, RemoteEditArrivingWhileOursIsPendingDoesNotCountAsLater) {
  // Their change was committed before ours: ours is later, the view shows ours, and
  // undo restores the value before ours as the view showed it.
  ASSERT_FALSE(editor.apply({retitle("Mine")}));
  remote(retitle("Theirs, earlier"));
  EXPECT_EQ(title(), "Mine");
  sync();
  EXPECT_EQ(server.map.element("a")->title(), "Mine");
  EXPECT_TRUE(editor.undo());
  sync();
  EXPECT_EQ(server.map.element("a")->title(), "Original");
}

TEST_F(UndoWithReplicaTest, CoalescedDragIsOneStepAndOnePush) {
  editor.begin_group();
  for (int x = 110; x <= 200; x += 10) ASSERT_FALSE(editor.apply({move(x)}, /*coalesce=*/true));
  editor.end_group();
  EXPECT_EQ(replica.pending_count(), 1u);  // ten frames, one push
  sync();
  EXPECT_EQ(server.map.element("a")->position().x(), 200);
  remote(retitle("Renamed meanwhile"));  // another field: does not block the undo
  EXPECT_TRUE(editor.undo());
  sync();
  EXPECT_EQ(server.map.element("a")->position().x(), 100);
  EXPECT_EQ(server.map.element("a")->title(), "Renamed meanwhile");
  remote(move(555));
  EXPECT_FALSE(editor.redo());  // they moved it after our undo: redo leaves it
  EXPECT_EQ(replica.view().element("a")->position().x(), 555);
}

}  // namespace
}  // namespace pss::ui
