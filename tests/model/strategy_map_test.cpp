#include "model/strategy_map.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/default_rows.h"
#include "test_ops.h"

namespace pss {
namespace {

using namespace pss::testing;

TEST(StrategyMap, StartsWithTheEightPssRowsInOrder) {
  auto map = StrategyMap::with_default_rows();
  auto rows = map.rows_in_order();
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows.front()->id(), "key-outcomes");
  EXPECT_EQ(rows.front()->kind(), pb::OUTCOME);
  EXPECT_EQ(rows[3]->kind(), pb::PROCESS);
  EXPECT_EQ(rows.back()->id(), "culture");
  EXPECT_EQ(rows.back()->kind(), pb::CAPABILITY);
}

TEST(StrategyMap, PutCreatesAndStampsAuthorGroupAndClock) {
  auto map = StrategyMap::with_default_rows();
  auto e = element("e1");
  e.set_author("Mallory");  // clients cannot claim authorship
  ASSERT_FALSE(push(map, {put(e)}, 1));
  const auto* stored = map.element("e1");
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->author(), "Alice");
  EXPECT_EQ(stored->group(), pb::SERVICE_USER);
  EXPECT_EQ(stored->changed_clock(), 1u);
  EXPECT_EQ(map.clock(), 1u);
}

TEST(StrategyMap, PutOfExistingRecordReplacesButKeepsTheCreator) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("e1"))}, 1));
  Identity bob{"Bob", pb::STAFF};
  auto e = element("e1");
  e.set_title("Replaced");
  ASSERT_FALSE(map.apply(std::vector{put(e)}, ApplyContext{2, &bob}));
  EXPECT_EQ(map.element("e1")->title(), "Replaced");
  EXPECT_EQ(map.element("e1")->author(), "Alice");
}

TEST(StrategyMap, PatchChangesOnlyListedFields) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("e1", "processes", 10, 20))}, 1));
  std::vector<pb::Op> applied;
  ASSERT_FALSE(push(map, {move("e1", 300, 400)}, 2, &applied));
  const auto* e = map.element("e1");
  EXPECT_EQ(e->position().x(), 300);
  EXPECT_EQ(e->title(), "Card e1");
  EXPECT_EQ(e->changed_clock(), 2u);
  // The applied patch carries only the listed field.
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_TRUE(applied[0].patch().value().element().title().empty());
  EXPECT_EQ(applied[0].patch().value().element().position().y(), 400);
}

TEST(StrategyMap, PatchListingAnAbsentFieldResetsIt) {
  auto map = StrategyMap::with_default_rows();
  auto e = element("e1");
  e.set_description("long text");
  ASSERT_FALSE(push(map, {put(e)}, 1));
  pb::Op op;
  op.mutable_patch()->mutable_value()->mutable_element()->set_id("e1");
  op.mutable_patch()->add_fields(pb::Element::kDescriptionFieldNumber);
  ASSERT_FALSE(push(map, {op}, 2));
  EXPECT_EQ(map.element("e1")->description(), "");
}

TEST(StrategyMap, PatchOfReadOnlyOrUnknownFieldIsRefused) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("e1"))}, 1));
  for (std::uint32_t field : {1u, 9u, 10u, 12u}) {
    pb::Op op = retitle("e1", "x");
    op.mutable_patch()->set_fields(0, field);
    auto failed = push(map, {op}, 2);
    ASSERT_TRUE(failed) << field;
    EXPECT_EQ(failed->reason, pb::READ_ONLY_FIELD);
  }
  pb::Op op = retitle("e1", "x");
  op.mutable_patch()->set_fields(0, 42);
  auto failed = push(map, {op}, 2);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::INVALID_VALUE);
  // From the server (canonical), an unknown field is skipped: newer servers stay readable.
  op.mutable_patch()->add_fields(pb::Element::kTitleFieldNumber);
  EXPECT_FALSE(map.apply_one(op, ApplyContext{2, nullptr}));
  EXPECT_EQ(map.element("e1")->title(), "x");
}

TEST(StrategyMap, PatchOrRemoveOfMissingRecordIsNotFoundAndNeverResurrects) {
  auto map = StrategyMap::with_default_rows();
  auto failed = push(map, {move("ghost", 1, 1)}, 1);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::NOT_FOUND);
  ASSERT_FALSE(push(map, {put(element("e1"))}, 1));
  ASSERT_FALSE(push(map, {remove(pb::ELEMENT, "e1")}, 2));
  failed = push(map, {move("e1", 5, 5)}, 3);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::NOT_FOUND);
  EXPECT_EQ(map.element("e1"), nullptr);
  failed = push(map, {remove(pb::ELEMENT, "e1")}, 3);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::NOT_FOUND);
}

TEST(StrategyMap, LinksNeedTwoDistinctExistingElementsAndNoTwin) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("a")), put(element("b", "key-outcomes"))}, 1));
  auto failed = push(map, {put_link("l0", "a", "a")}, 2);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::SELF_LINK);
  failed = push(map, {put_link("l0", "a", "missing")}, 2);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::NOT_FOUND);
  ASSERT_FALSE(push(map, {put_link("l1", "a", "b")}, 2));
  failed = push(map, {put_link("l2", "a", "b")}, 3);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::DUPLICATE);
  EXPECT_FALSE(push(map, {put_link("l3", "b", "a")}, 3)) << "the reverse arrow is another arrow";
  EXPECT_EQ(map.links().at("l1").author(), "Alice");
}

TEST(StrategyMap, RemovingAnElementRemovesItsLinksInTheSameStep) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map,
                    {put(element("a")), put(element("b")), put(element("c")), put_link("ab", "a", "b"),
                     put_link("cb", "c", "b"), put_link("ac", "a", "c")},
                    1));
  std::vector<pb::Op> applied;
  ASSERT_FALSE(push(map, {remove(pb::ELEMENT, "b")}, 2, &applied));
  EXPECT_EQ(map.links().size(), 1u);
  EXPECT_TRUE(map.links().contains("ac"));
  // The applied ops name every cascaded removal, links first.
  ASSERT_EQ(applied.size(), 3u);
  EXPECT_EQ(applied[0].remove().type(), pb::LINK);
  EXPECT_EQ(applied[1].remove().type(), pb::LINK);
  EXPECT_EQ(applied[2].remove().id(), "b");
  EXPECT_TRUE(map.links_of("b").empty());
}

TEST(StrategyMap, PushIsAtomic) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("a"))}, 1));
  const auto before = map.snapshot_bytes();
  auto failed =
      push(map, {put(element("b")), move("a", 50, 50), remove(pb::ELEMENT, "a"), put_link("x", "b", "zz")}, 2);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::NOT_FOUND);
  EXPECT_EQ(map.snapshot_bytes(), before);
  EXPECT_EQ(map.clock(), 1u);
  // Indexes were restored too: a link between a and a new b still works.
  ASSERT_FALSE(push(map, {put(element("b")), put_link("ab", "a", "b")}, 2));
  EXPECT_EQ(map.links_of("a").size(), 1u);
}

TEST(StrategyMap, RefusedPushRestoresARemovedCardWithItsArrowsIndexesAndTombstones) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(
      map,
      {put(element("a")), put(element("b")), put(element("c")), put_link("ab", "a", "b"), put_link("ca", "c", "a")},
      1));
  const auto before = map.snapshot_bytes();
  auto failed = push(map, {remove(pb::ELEMENT, "a"), retitle("zz", "no such card")}, 2);
  ASSERT_TRUE(failed);
  EXPECT_EQ(map.snapshot_bytes(), before);
  EXPECT_EQ(map.links_of("a"), (std::vector<std::string>{"ab", "ca"}));
  const auto since = map.changes_since(1);
  ASSERT_TRUE(since.has_value());
  EXPECT_TRUE(since->empty()) << "no tombstone survives the rollback";
  // The duplicate check sees the restored arrow.
  auto twin = push(map, {put_link("ab2", "a", "b")}, 2);
  ASSERT_TRUE(twin);
  EXPECT_EQ(twin->reason, pb::DUPLICATE);
}

TEST(StrategyMap, LaterOpsInAPushSeeEarlierOnes) {
  auto map = StrategyMap::with_default_rows();
  EXPECT_FALSE(push(map, {put(element("a")), put(element("b")), put_link("ab", "a", "b"), retitle("a", "New")}, 1));
  EXPECT_EQ(map.element("a")->title(), "New");
}

TEST(StrategyMap, RowsAreDataAndCannotBeRemovedWhileHoldingCards) {
  auto map = StrategyMap::with_default_rows();
  pb::Op relabel;
  auto* r = relabel.mutable_patch()->mutable_value()->mutable_row();
  r->set_id("processes");
  r->set_label("Service delivery");
  relabel.mutable_patch()->add_fields(pb::Row::kLabelFieldNumber);
  ASSERT_FALSE(push(map, {relabel}, 1));
  EXPECT_EQ(map.row("processes")->label(), "Service delivery");
  ASSERT_FALSE(push(map, {put(element("a"))}, 2));
  auto failed = push(map, {remove(pb::ROW, "processes")}, 3);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::CONFLICT);
  ASSERT_FALSE(push(map, {remove(pb::ELEMENT, "a"), remove(pb::ROW, "processes")}, 3));
  EXPECT_EQ(map.row("processes"), nullptr);
  failed = push(map, {put(element("b"))}, 4);
  ASSERT_TRUE(failed) << "a card needs an existing row";
  EXPECT_EQ(failed->reason, pb::NOT_FOUND);
}

TEST(StrategyMap, RoomLimitsAreEnforced) {
  Limits limits;
  limits.max_elements = 3;
  limits.max_ops_per_push = 4;
  auto map = StrategyMap::with_default_rows(limits);
  ASSERT_FALSE(push(map, {put(element("a")), put(element("b")), put(element("c"))}, 1));
  auto failed = push(map, {put(element("d"))}, 2);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::TOO_MANY);
  EXPECT_FALSE(push(map, {retitle("a", "replacing is fine at the limit")}, 2));
  failed =
      push(map, {retitle("a", "1"), retitle("a", "2"), retitle("a", "3"), retitle("a", "4"), retitle("a", "5")}, 3);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::TOO_MANY);
  failed = push(map, {}, 3);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::MALFORMED);
}

TEST(StrategyMap, ChangesSinceGivesPutsAndRemovalsThatCatchAReplicaUp) {
  auto server = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(server, {put(element("a")), put(element("b")), put_link("ab", "a", "b")}, 1));
  auto replica = StrategyMap::from_snapshot(server.snapshot(), {});
  ASSERT_TRUE(replica);
  // While the replica is away: a moved, the arrow replaced by a twin, b removed, c added.
  ASSERT_FALSE(push(server, {move("a", 9, 9)}, 2));
  ASSERT_FALSE(push(server, {remove(pb::LINK, "ab"), put(element("c")), put_link("ab2", "a", "c")}, 3));
  ASSERT_FALSE(push(server, {remove(pb::ELEMENT, "b"), put(element("tmp")), remove(pb::ELEMENT, "tmp")}, 4));
  auto changes = server.changes_since(1);
  ASSERT_TRUE(changes);
  ASSERT_FALSE(replica->apply_catch_up(*changes, server.clock()));
  EXPECT_EQ(replica->snapshot_bytes(), server.snapshot_bytes());
  EXPECT_FALSE(server.changes_since(99)) << "a clock from the future needs a full snapshot";
}

TEST(StrategyMap, OldTombstonesAreForgottenAndForceAFullSnapshot) {
  Limits limits;
  limits.max_tombstones = 10;
  auto map = StrategyMap::with_default_rows(limits);
  for (int i = 0; i < 30; ++i) {
    const auto id = "e" + std::to_string(i);
    ASSERT_FALSE(push(map, {put(element(id))}, 2 * i + 1));
    ASSERT_FALSE(push(map, {remove(pb::ELEMENT, id)}, 2 * i + 2));
  }
  EXPECT_FALSE(map.changes_since(1));
  EXPECT_TRUE(map.changes_since(map.clock() - 2));
}

TEST(StrategyMap, SnapshotRoundTripIsExact) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(
      push(map, {put(element("a", "key-outcomes", 1.5, -2.25)), put(element("b")), put_link("ab", "b", "a")}, 7));
  const auto bytes = map.snapshot_bytes();
  pb::Snapshot parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  auto copy = StrategyMap::from_snapshot(parsed, {});
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->snapshot_bytes(), bytes);
  EXPECT_EQ(copy->clock(), 7u);
  EXPECT_EQ(copy->state_hash(), map.state_hash());
}

TEST(StrategyMap, InvalidSnapshotIsRefusedWithAReason) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("a")), put(element("b")), put_link("ab", "a", "b")}, 1));
  auto snap = map.snapshot();
  snap.mutable_links(0)->set_to("nowhere");
  Rejection why;
  EXPECT_FALSE(StrategyMap::from_snapshot(snap, {}, &why));
  EXPECT_EQ(why.reason, pb::NOT_FOUND);
  snap = map.snapshot();
  snap.mutable_elements(0)->mutable_position()->set_x(std::nan(""));
  EXPECT_FALSE(StrategyMap::from_snapshot(snap, {}, &why));
  EXPECT_EQ(why.reason, pb::INVALID_VALUE);
}

TEST(StrategyMap, ClientPutsLoseUnknownFieldsServerPutsKeepThem) {
  auto map = StrategyMap::with_default_rows();
  pb::Op op = put(element("a"));
  // Field 40 of Element, varint 1: what a newer client might send.
  op.mutable_put()
      ->mutable_element()
      ->GetReflection()
      ->MutableUnknownFields(op.mutable_put()->mutable_element())
      ->AddVarint(40, 1);
  ASSERT_FALSE(push(map, {op}, 1));
  EXPECT_TRUE(map.element("a")->GetReflection()->GetUnknownFields(*map.element("a")).empty());
  ASSERT_FALSE(map.apply_one(op, ApplyContext{2, nullptr}));
  EXPECT_FALSE(map.element("a")->GetReflection()->GetUnknownFields(*map.element("a")).empty());
}

TEST(StrategyMap, RefusedPatchLeavesTheRecordAsItWas) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("a", "processes", 10, 20))}, 1));
  const auto before = map.snapshot_bytes();
  auto failed = push(map, {move("a", std::nan(""), 0)}, 2);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::INVALID_VALUE);
  pb::Element sizeless;
  sizeless.set_id("a");  // listing size without a value resets it to 0 x 0: too small
  failed = map.apply_one(ops::patch(sizeless, {pb::Element::kSizeFieldNumber}), ApplyContext{2, nullptr});
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::OUT_OF_BOUNDS);
  pb::Element rowless;
  rowless.set_id("a");
  failed = push(map, {ops::patch(rowless, {pb::Element::kRowFieldNumber})}, 2);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::INVALID_VALUE) << "a card needs a row";
  EXPECT_EQ(map.snapshot_bytes(), before);
}

TEST(StrategyMap, PatchesOfRowsAndLinkEndsKeepTheIndexesTrue) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("a")), put(element("b")), put(element("c")), put_link("ab", "a", "b")}, 1));
  pb::Element to_culture;
  to_culture.set_id("a");
  to_culture.set_kind(pb::CAPABILITY);
  to_culture.set_row("culture");
  ASSERT_FALSE(push(map, {ops::patch(to_culture, {pb::Element::kKindFieldNumber, pb::Element::kRowFieldNumber})}, 2));
  EXPECT_EQ(push(map, {remove(pb::ROW, "culture")}, 3)->reason, pb::CONFLICT);
  pb::Link retarget;
  retarget.set_id("ab");
  retarget.set_to("c");
  std::vector<pb::Op> applied;
  ASSERT_FALSE(push(map, {ops::patch(retarget, {pb::Link::kToFieldNumber, pb::Link::kToFieldNumber})}, 3, &applied));
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].patch().fields_size(), 1) << "listed fields are deduplicated";
  EXPECT_TRUE(map.links_of("b").empty());
  EXPECT_EQ(map.links_of("c"), std::vector<std::string>{"ab"});
  EXPECT_FALSE(push(map, {put_link("ab2", "a", "b")}, 4)) << "a to b is free again";
  EXPECT_EQ(push(map, {put_link("ac", "a", "c")}, 5)->reason, pb::DUPLICATE);
}

TEST(StrategyMap, CopiesAreIndependent) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("a")), put(element("b"))}, 1));
  auto copy = map;
  ASSERT_FALSE(push(copy, {remove(pb::ELEMENT, "a"), move("b", 7, 7)}, 2));
  EXPECT_EQ(copy.element("a"), nullptr);
  ASSERT_NE(map.element("a"), nullptr);
  EXPECT_EQ(map.element("b")->position().x(), 0);
  EXPECT_EQ(copy.element("b")->position().x(), 7);
  map = copy;
  EXPECT_EQ(map.element("a"), nullptr);
  EXPECT_EQ(map.element("b")->position().x(), 7);
  ASSERT_FALSE(push(map, {put(element("a"))}, 3));
  EXPECT_EQ(copy.element("a"), nullptr);
}

TEST(StrategyMap, ClientPutsLoseUnknownFieldsOfNestedMessagesToo) {
  auto map = StrategyMap::with_default_rows();
  pb::Op op = put(element("a"));
  auto* position = op.mutable_put()->mutable_element()->mutable_position();
  position->GetReflection()->MutableUnknownFields(position)->AddVarint(9, 1);
  ASSERT_FALSE(push(map, {op}, 1));
  const auto& stored = map.element("a")->position();
  EXPECT_TRUE(stored.GetReflection()->GetUnknownFields(stored).empty());
}

}  // namespace
}  // namespace pss

namespace pss {
namespace {
using namespace pss::testing;

TEST(StrategyMap, SnapshotBytesEqualTheSnapshotMessageEncoding) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("a")), put(element("b")), put_link("ab", "a", "b")}, 300));
  std::string expected;
  ASSERT_TRUE(map.snapshot().SerializeToString(&expected));
  EXPECT_EQ(map.snapshot_bytes(), expected);
  StrategyMap empty;
  EXPECT_EQ(empty.snapshot_bytes(), "");
}

TEST(StrategyMap, LargePushRollsBackCompletely) {
  auto map = StrategyMap::with_default_rows();
  ASSERT_FALSE(push(map, {put(element("keep"))}, 1));
  const auto before = map.snapshot_bytes();
  std::vector<pb::Op> ops;
  for (int i = 0; i < 900; ++i) ops.push_back(put(element("n" + std::to_string(i))));
  ops.push_back(remove(pb::ELEMENT, "keep"));
  ops.push_back(move("n5", 1, 1));
  ops.push_back(put_link("bad", "n1", "n1"));
  auto failed = push(map, ops, 2);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->reason, pb::SELF_LINK);
  EXPECT_EQ(map.snapshot_bytes(), before);
}

}  // namespace
}  // namespace pss
