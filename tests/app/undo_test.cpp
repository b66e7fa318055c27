// Undo and redo of one's own changes, against concurrent edits by others.
#include <gtest/gtest.h>

#include "board_fixture.h"
#include "model/ops.h"

namespace pss::ui {
namespace {

using testing::Board;
using testing::card;
using testing::link;

pb::Op retitle(const std::string& id, const std::string& title) {
  pb::Element v;
  v.set_id(id);
  v.set_title(title);
  return patch_op(v, {pb::Element::kTitleFieldNumber});
}

pb::Op move(const std::string& id, double x, double y) {
  pb::Element v;
  v.set_id(id);
  v.mutable_position()->set_x(x);
  v.mutable_position()->set_y(y);
  return patch_op(v, {pb::Element::kPositionFieldNumber});
}

class UndoTest : public ::testing::Test {
 protected:
  Board b;
  Editor& ed = b.editor;
  void SetUp() override {
    b.add(card("a", "processes", {100, 700}, pb::PROCESS, "Original"));
    b.add(card("o", "key-outcomes", {100, 60}, pb::OUTCOME, "Outcome"));
  }
  std::string title(const std::string& id) const { return b.map().element(id) ? b.el(id).title() : "<gone>"; }
};

TEST_F(UndoTest, UndoThenRedoOwnTitleChange) {
  ASSERT_FALSE(ed.apply({retitle("a", "Mine")}));
  EXPECT_TRUE(ed.can_undo());
  EXPECT_TRUE(ed.undo());
  EXPECT_EQ(title("a"), "Original");
  EXPECT_TRUE(ed.redo());
  EXPECT_EQ(title("a"), "Mine");
  EXPECT_FALSE(ed.redo());
}

TEST_F(UndoTest, UndoNeverOverwritesSomeoneElsesLaterChange) {
  ASSERT_FALSE(ed.apply({retitle("a", "Mine")}));
  b.remote({retitle("a", "Theirs")});
  EXPECT_FALSE(ed.undo());  // nothing of ours is left to undo
  EXPECT_EQ(title("a"), "Theirs");
}

TEST_F(UndoTest, OnlyTheFieldsOthersChangedAreSkipped) {
  pb::Element v;
  v.set_id("a");
  v.set_title("Mine");
  v.set_description("My notes");
  ASSERT_FALSE(ed.apply({patch_op(v, {pb::Element::kTitleFieldNumber, pb::Element::kDescriptionFieldNumber})}));
  b.remote({retitle("a", "Theirs")});
  EXPECT_TRUE(ed.undo());
  EXPECT_EQ(title("a"), "Theirs");            // theirs, later: kept
  EXPECT_EQ(b.el("a").description(), "");     // ours: undone
}

TEST_F(UndoTest, OthersChangingAnotherFieldDoesNotBlockUndo) {
  ASSERT_FALSE(ed.apply({retitle("a", "Mine")}));
  b.remote({move("a", 500, 700)});
  EXPECT_TRUE(ed.undo());
  EXPECT_EQ(title("a"), "Original");
  EXPECT_EQ(b.pos("a"), (V2{500, 700}));
}

TEST_F(UndoTest, SomeoneSettingTheSameValueBackCountsAsTheirs) {
  ASSERT_FALSE(ed.apply({retitle("a", "Mine")}));
  b.remote({retitle("a", "Original")});  // they changed it back themselves
  EXPECT_FALSE(ed.undo());
  EXPECT_EQ(title("a"), "Original");
}

TEST_F(UndoTest, UndoCreationRemovesOnlyAnUntouchedCard) {
  ASSERT_FALSE(ed.apply({put_op(card("new", "processes", {400, 700}, pb::PROCESS))}));
  ASSERT_FALSE(ed.apply({put_op(card("new2", "processes", {700, 700}, pb::PROCESS))}));
  b.remote({retitle("new2", "Improved by someone")});
  EXPECT_TRUE(ed.undo());  // skips new2 (theirs now), removes new
  EXPECT_NE(b.map().element("new2"), nullptr);
  EXPECT_EQ(b.map().element("new"), nullptr);
}

TEST_F(UndoTest, UndoDeleteRestoresCardAndArrowsThatStillFit) {
  b.add(card("c", "people", {100, 1200}, pb::CAPABILITY));
  b.add(link("up", "a", "o"));
  b.add(link("in", "c", "a"));
  ASSERT_FALSE(ed.apply({remove_op(pb::ELEMENT, "a")}));
  EXPECT_TRUE(b.map().links().empty());
  b.remote({remove_op(pb::ELEMENT, "c")});  // one arrow's other end is gone meanwhile
  EXPECT_TRUE(ed.undo());
  EXPECT_EQ(title("a"), "Original");
  EXPECT_NE(b.map().link("up"), nullptr);
  EXPECT_EQ(b.map().link("in"), nullptr);
  EXPECT_TRUE(ed.redo());
  EXPECT_EQ(b.map().element("a"), nullptr);
  EXPECT_EQ(b.map().link("up"), nullptr);
}

TEST_F(UndoTest, UndoDeleteRestoresRisksMeasuresAndMitigations) {
  b.add(link("up", "a", "o"));
  pb::Risk on_card;
  on_card.set_id("r1");
  on_card.set_target_type(pb::ELEMENT);
  on_card.set_target("a");
  on_card.set_likelihood(4);
  on_card.set_impact(4);
  pb::Risk on_arrow = on_card;
  on_arrow.set_id("r2");
  on_arrow.set_target_type(pb::LINK);
  on_arrow.set_target("up");
  pb::Risk mitigated = on_card;
  mitigated.set_id("r3");
  mitigated.set_target("o");
  mitigated.set_mitigated_by("a");
  pb::Measure m;
  m.set_id("m1");
  m.set_element("a");
  m.set_name("Wait");
  b.remote({ops::put(on_card), ops::put(on_arrow), ops::put(mitigated), ops::put(m)});
  ASSERT_FALSE(ed.apply({remove_op(pb::ELEMENT, "a")}));
  EXPECT_TRUE(b.map().risks().size() == 1 && b.map().risk("r3")->mitigated_by().empty());
  EXPECT_EQ(b.map().measure("m1"), nullptr);
  EXPECT_TRUE(ed.undo());
  ASSERT_NE(b.map().risk("r1"), nullptr);
  ASSERT_NE(b.map().risk("r2"), nullptr);
  ASSERT_NE(b.map().measure("m1"), nullptr);
  EXPECT_EQ(b.map().risk("r3")->mitigated_by(), "a");
}

TEST_F(UndoTest, UndoOfAMeasuresValuesRestoresTheList) {
  pb::Measure m;
  m.set_id("m1");
  m.set_element("a");
  m.add_values()->set_date("2025-01-01");
  b.remote({ops::put(m)});
  m.add_values()->set_date("2025-02-01");
  ASSERT_FALSE(ed.apply({ops::patch(m, {pb::Measure::kValuesFieldNumber})}));
  EXPECT_EQ(b.map().measure("m1")->values_size(), 2);
  EXPECT_TRUE(ed.undo());
  EXPECT_EQ(b.map().measure("m1")->values_size(), 1);
  EXPECT_TRUE(ed.redo());
  EXPECT_EQ(b.map().measure("m1")->values_size(), 2);
}

TEST_F(UndoTest, UndoNTimesThenRedoNTimesRestoresTheState) {
  const std::string start = b.map().state_hash();
  ASSERT_FALSE(ed.apply({retitle("a", "One")}));
  ASSERT_FALSE(ed.apply({move("a", 300, 720)}));
  ASSERT_FALSE(ed.apply({put_op(link("l", "a", "o"))}));
  ASSERT_FALSE(ed.apply({retitle("o", "Two")}));
  ASSERT_FALSE(ed.apply({remove_op(pb::ELEMENT, "o")}));
  const auto content = [&] {
    // Clocks differ after replays; compare what the cards and arrows say.
    std::string s;
    for (const auto& [id, e] : b.map().elements()) s += id + e.title() + std::to_string(e.position().x()) + ";";
    for (const auto& [id, l] : b.map().links()) s += id + l.from() + l.to() + ";";
    return s;
  };
  const std::string end = content();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(ed.undo());
  EXPECT_FALSE(ed.undo());
  EXPECT_EQ(title("a"), "Original");
  EXPECT_EQ(title("o"), "Outcome");
  EXPECT_TRUE(b.map().links().empty());
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(ed.redo());
  EXPECT_EQ(content(), end);
  EXPECT_NE(start, b.map().state_hash());
}

TEST_F(UndoTest, ANewEditClearsRedo) {
  ASSERT_FALSE(ed.apply({retitle("a", "One")}));
  ed.undo();
  EXPECT_TRUE(ed.can_redo());
  ASSERT_FALSE(ed.apply({retitle("a", "Two")}));
  EXPECT_FALSE(ed.can_redo());
}

TEST_F(UndoTest, AGroupIsOneStep) {
  ed.begin_group();
  for (int i = 1; i <= 20; ++i) ASSERT_FALSE(ed.apply({move("a", 100 + i, 700)}, true));
  ASSERT_FALSE(ed.apply({retitle("a", "Moved")}));
  ed.end_group();
  EXPECT_EQ(ed.undo_depth(), 1u);
  ed.undo();
  EXPECT_EQ(b.pos("a"), (V2{100, 700}));
  EXPECT_EQ(title("a"), "Original");
}

TEST_F(UndoTest, DragUndoSkipsWhenSomeoneMovedTheCardAfterwards) {
  ed.begin_group();
  ASSERT_FALSE(ed.apply({move("a", 150, 700)}, true));
  ASSERT_FALSE(ed.apply({move("a", 200, 700)}, true));
  ed.end_group();
  b.remote({move("a", 900, 700)});
  EXPECT_FALSE(ed.undo());
  EXPECT_EQ(b.pos("a"), (V2{900, 700}));
}

TEST_F(UndoTest, RejectedEditsRecordNothing) {
  EXPECT_TRUE(ed.apply({retitle("missing", "x")}));
  EXPECT_FALSE(ed.can_undo());
}

TEST_F(UndoTest, AStepMadeAndUnmadeWithinAGroupIsNoStep) {
  ed.begin_group();
  ASSERT_FALSE(ed.apply({move("a", 150, 700)}, true));
  ASSERT_FALSE(ed.apply({move("a", 100, 700)}, true));
  ed.end_group();
  EXPECT_FALSE(ed.can_undo());
}

}  // namespace
}  // namespace pss::ui
