// The interaction state machine: each tool's transitions and the ops it produces.
#include <gtest/gtest.h>

#include "board_fixture.h"

namespace pss::ui {
namespace {

using testing::Board;
using testing::card;
using testing::link;

class ToolsTest : public ::testing::Test {
 protected:
  Board b;
  void SetUp() override {
    b.add(card("p1", "processes", {100, 700}, pb::PROCESS));
    b.add(card("p2", "processes", {400, 700}, pb::PROCESS));
    b.add(card("o1", "key-outcomes", {250, 60}, pb::OUTCOME));
    b.frame();
  }
  std::set<std::string> sel() const { return b.tools.selection(); }
};

TEST_F(ToolsTest, ClickSelectsShiftClickTogglesEmptyClickClears) {
  b.click({150, 750});
  EXPECT_EQ(sel(), (std::set<std::string>{"p1"}));
  b.click({450, 750}, /*shift=*/true);
  EXPECT_EQ(sel(), (std::set<std::string>{"p1", "p2"}));
  b.click({150, 750}, true);
  EXPECT_EQ(sel(), (std::set<std::string>{"p2"}));
  b.click({900, 500});
  EXPECT_TRUE(sel().empty());
  EXPECT_EQ(b.tools.mode(), Mode::idle);
  EXPECT_TRUE(b.doc.edits.empty());  // selecting edits nothing
}

TEST_F(ToolsTest, PlainClickOnOneOfSeveralSelectedKeepsOnlyIt) {
  b.tools.set_selection({"p1", "p2"});
  b.click({150, 750});
  EXPECT_EQ(sel(), (std::set<std::string>{"p1"}));
}

TEST_F(ToolsTest, DragMovesWithCoalescedPatchesAndIsOneUndoStep) {
  b.press({150, 750});
  EXPECT_EQ(b.tools.mode(), Mode::drag_cards);
  for (int i = 1; i <= 10; ++i) b.move({150.0 + 10 * i, 750.0 + 2 * i});
  EXPECT_EQ(b.tools.dragging(), (std::vector<std::string>{"p1"}));
  b.release({250, 770});
  EXPECT_EQ(b.tools.mode(), Mode::idle);
  EXPECT_EQ(b.pos("p1"), (V2{200, 720}));
  // One position patch per frame, each asking to coalesce with the previous.
  ASSERT_EQ(b.doc.edits.size(), 10u);
  for (const auto& e : b.doc.edits) {
    EXPECT_TRUE(e.coalesce);
    ASSERT_EQ(e.ops.size(), 1u);
    ASSERT_TRUE(e.ops[0].has_patch());
    EXPECT_EQ(e.ops[0].patch().fields_size(), 1);
    EXPECT_EQ(e.ops[0].patch().fields(0), uint32_t(pb::Element::kPositionFieldNumber));
  }
  EXPECT_EQ(b.editor.undo_depth(), 1u);
  EXPECT_TRUE(b.editor.undo());
  EXPECT_EQ(b.pos("p1"), (V2{100, 700}));
  EXPECT_TRUE(b.editor.redo());
  EXPECT_EQ(b.pos("p1"), (V2{200, 720}));
}

TEST_F(ToolsTest, SmallJitterIsAClickNotADrag) {
  b.press({150, 750});
  b.move({151, 751});
  b.release({151, 751});
  EXPECT_TRUE(b.doc.edits.empty());
  EXPECT_EQ(b.pos("p1"), (V2{100, 700}));
}

TEST_F(ToolsTest, DraggingASelectionMovesEveryCard) {
  b.tools.set_selection({"p1", "p2"});
  b.drag({150, 750}, {150, 730});
  EXPECT_EQ(b.pos("p1"), (V2{100, 680}));
  EXPECT_EQ(b.pos("p2"), (V2{400, 680}));
  EXPECT_EQ(b.editor.undo_depth(), 1u);
}

TEST_F(ToolsTest, DropIntoAnotherRowChangesRowAndKind) {
  b.drag({150, 750}, {150, 750 - 3 * 220});  // up into "key outcomes"
  EXPECT_EQ(b.el("p1").row(), "key-outcomes");
  EXPECT_EQ(b.el("p1").kind(), pb::OUTCOME);
  // The row change is a separate, non-coalesced edit of row and kind...
  const auto& last = b.doc.edits.back();
  EXPECT_FALSE(last.coalesce);
  ASSERT_EQ(last.ops.size(), 1u);
  EXPECT_EQ(last.ops[0].patch().fields_size(), 2);
  // ...but the same undo step as the move.
  EXPECT_EQ(b.editor.undo_depth(), 1u);
  b.editor.undo();
  EXPECT_EQ(b.el("p1").row(), "processes");
  EXPECT_EQ(b.el("p1").kind(), pb::PROCESS);
  EXPECT_EQ(b.pos("p1"), (V2{100, 700}));
}

TEST_F(ToolsTest, NotesKeepTheirKindAndGoFreeOutsideTheRows) {
  b.add(card("n", "processes", {700, 700}, pb::NOTE));
  b.frame();
  b.drag({750, 750}, {750, 750 + 220});
  EXPECT_EQ(b.el("n").kind(), pb::NOTE);
  EXPECT_EQ(b.el("n").row(), "leadership");
  b.drag({750, 970}, {750, -300});
  EXPECT_EQ(b.el("n").kind(), pb::NOTE);
  EXPECT_EQ(b.el("n").row(), "");
}

TEST_F(ToolsTest, RubberBandSelectsTouchedCardsAndTheirArrows) {
  b.add(link("l", "p1", "p2"));
  b.press({50, 650});
  EXPECT_EQ(b.tools.mode(), Mode::rubber_band);
  b.move({450, 720});
  ASSERT_TRUE(b.tools.rubber_band());
  EXPECT_EQ(sel(), (std::set<std::string>{"l", "p1", "p2"}));
  b.move({200, 720});
  EXPECT_EQ(sel(), (std::set<std::string>{"p1"}));
  b.release({200, 720});
  EXPECT_EQ(b.tools.mode(), Mode::idle);
  // Shift keeps what was selected.
  b.press({260, 40}, /*shift=*/true);
  b.move({300, 100});
  b.release({300, 100});
  EXPECT_EQ(sel(), (std::set<std::string>{"p1", "o1"}));
}

TEST_F(ToolsTest, DraggingFromTheHandleToACardCreatesAnArrow) {
  const V2 handle{200, 700};  // middle of p1's top edge
  b.hover(handle);
  EXPECT_EQ(b.tools.hover(), (Hit{Hit::Kind::handle, "p1"}));
  b.press(handle);
  EXPECT_EQ(b.tools.mode(), Mode::create_link);
  b.move({300, 300});
  ASSERT_TRUE(b.tools.link_preview());
  EXPECT_EQ(b.tools.link_preview()->target, "");
  b.move({350, 100});
  EXPECT_EQ(b.tools.link_preview()->target, "o1");
  b.release({350, 100});
  ASSERT_EQ(b.map().links().size(), 1u);
  const pb::Link& l = b.map().links().begin()->second;
  EXPECT_EQ(l.from(), "p1");
  EXPECT_EQ(l.to(), "o1");
  EXPECT_EQ(sel(), (std::set<std::string>{l.id()}));
  // The same arrow again is not duplicated; it is selected instead.
  b.drag(handle, {350, 100});
  EXPECT_EQ(b.map().links().size(), 1u);
  // Released on empty canvas or on its own card: nothing.
  b.drag(handle, {900, 400});
  b.drag(handle, {150, 760});
  EXPECT_EQ(b.map().links().size(), 1u);
  EXPECT_EQ(b.editor.undo_depth(), 1u);
}

TEST_F(ToolsTest, ClickOnAnArrowSelectsItAndDeleteRemovesIt) {
  b.add(link("l", "p1", "o1"));
  b.frame();
  const Bezier c = link_curve(card_rect(b.el("p1")), card_rect(b.el("o1")));
  b.click(c.at(0.5));
  EXPECT_EQ(sel(), (std::set<std::string>{"l"}));
  KeyInput del;
  del.delete_selection = true;
  b.key(del);
  EXPECT_EQ(b.map().link("l"), nullptr);
  EXPECT_NE(b.map().element("p1"), nullptr);
}

TEST_F(ToolsTest, DeleteRemovesCardsWithTheirArrowsAndUndoBringsThemBack) {
  b.add(link("l1", "p1", "o1"));
  b.add(link("l2", "p2", "o1"));
  b.tools.set_selection({"o1", "l2"});
  KeyInput del;
  del.delete_selection = true;
  b.key(del);
  EXPECT_EQ(b.map().element("o1"), nullptr);
  EXPECT_TRUE(b.map().links().empty());
  EXPECT_TRUE(sel().empty());
  b.editor.undo();
  EXPECT_NE(b.map().element("o1"), nullptr);
  EXPECT_NE(b.map().link("l1"), nullptr);
  EXPECT_NE(b.map().link("l2"), nullptr);
}

TEST_F(ToolsTest, DoubleClickInARowCreatesACardThereAndEditsItsTitle) {
  b.double_click({700, 4 * 220 + 110});  // the middle of "leadership"
  ASSERT_EQ(b.tools.mode(), Mode::edit_title);
  const std::string id = b.tools.editing();
  ASSERT_NE(b.map().element(id), nullptr);
  EXPECT_EQ(b.el(id).row(), "leadership");
  EXPECT_EQ(b.el(id).kind(), pb::CAPABILITY);
  EXPECT_EQ(card_rect(b.el(id)).center(), (V2{700, 4 * 220 + 110}));
  b.tools.commit_title(id, "Visible, supportive leadership");
  EXPECT_EQ(b.tools.mode(), Mode::idle);
  EXPECT_EQ(b.el(id).title(), "Visible, supportive leadership");
  // Creating and naming it is one step.
  EXPECT_EQ(b.editor.undo_depth(), 1u);
  b.editor.undo();
  EXPECT_EQ(b.map().element(id), nullptr);
}

TEST_F(ToolsTest, DoubleClickOnACardEditsItAndEscapeLeavesItAlone) {
  b.double_click({150, 750});
  ASSERT_EQ(b.tools.mode(), Mode::edit_title);
  EXPECT_EQ(b.tools.editing(), "p1");
  b.tools.cancel_edit();
  EXPECT_EQ(b.tools.mode(), Mode::idle);
  EXPECT_EQ(b.el("p1").title(), "Card p1");
  b.double_click({150, 750});
  b.tools.commit_title("p1", "Card p1");  // unchanged: no edit
  EXPECT_TRUE(b.doc.edits.empty());
}

TEST_F(ToolsTest, PaletteCreatesCardsInTheFirstRowOfTheirKind) {
  const std::string id = b.tools.create_card(pb::PROCESS);
  b.tools.commit_title(id, "");
  ASSERT_NE(b.map().element(id), nullptr);
  EXPECT_EQ(b.el(id).row(), "processes");
  const std::string note = b.tools.create_card(pb::NOTE);
  b.tools.cancel_edit();
  EXPECT_EQ(b.el(note).kind(), pb::NOTE);
}

TEST_F(ToolsTest, NewCardWhileEditingClosesTheFirstEditAndItsUndoStep) {
  const std::string first = b.tools.create_card(pb::OUTCOME);
  const std::string second = b.tools.create_card(pb::PROCESS);  // palette again, mid-edit
  EXPECT_EQ(b.tools.editing(), second);
  b.tools.commit_title(second, "Second");
  EXPECT_EQ(b.tools.mode(), Mode::idle);
  EXPECT_FALSE(b.editor.in_group());
  EXPECT_EQ(b.editor.undo_depth(), 2u);
  b.editor.undo();  // the second card with its title
  EXPECT_EQ(b.map().element(second), nullptr);
  EXPECT_NE(b.map().element(first), nullptr);
  b.editor.undo();
  EXPECT_EQ(b.map().element(first), nullptr);
}

TEST_F(ToolsTest, UndoKeyIsIgnoredMidDrag) {
  b.press({150, 750});
  b.move({200, 750});
  KeyInput undo;
  undo.undo = true;
  auto in = b.at({220, 750});
  in.left_down = true;
  b.frame(in, undo);
  b.release({220, 750});
  EXPECT_EQ(b.editor.undo_depth(), 1u);
  EXPECT_EQ(b.pos("p1"), (V2{170, 700}));
}

TEST_F(ToolsTest, PanWithRightDragOrSpaceDrag) {
  auto in = b.at({500, 400});
  in.pan_pressed = in.pan_down = true;
  b.frame(in);
  EXPECT_EQ(b.tools.mode(), Mode::pan);
  in = b.at({530, 380});
  in.pan_down = true;
  b.frame(in);
  b.frame(b.at({530, 380}));
  EXPECT_EQ(b.tools.mode(), Mode::idle);
  EXPECT_EQ(b.tools.view().pan(), (V2{30, -20}));
  in = b.at({100, 100});
  in.left_pressed = in.left_down = in.space = true;
  b.frame(in);
  EXPECT_EQ(b.tools.mode(), Mode::pan);
  in = b.at({90, 100});
  in.left_down = true;
  b.frame(in);
  b.release({90, 100});
  EXPECT_EQ(b.tools.view().pan(), (V2{20, -20}));
  EXPECT_TRUE(b.doc.edits.empty());
}

TEST_F(ToolsTest, WheelZoomsAroundThePointer) {
  auto in = b.at({300, 200});
  const V2 under = b.tools.view().to_canvas({300, 200});
  in.wheel = 3;
  b.frame(in);
  EXPECT_NEAR(b.tools.view().zoom(), std::pow(1.15, 3), 1e-12);
  EXPECT_NEAR(b.tools.view().to_canvas({300, 200}).x, under.x, 1e-9);
  EXPECT_NEAR(b.tools.view().to_canvas({300, 200}).y, under.y, 1e-9);
  // Zoomed in, a drag of 20 screen px moves the card by 20 / zoom canvas units.
  const V2 p1 = b.tools.view().to_screen({150, 750});
  b.drag(p1, p1 + V2{20, 0});
  EXPECT_NEAR(b.pos("p1").x, 100 + 20 / std::pow(1.15, 3), 1e-9);
}

TEST_F(ToolsTest, FitShowsEveryRowAndCard) {
  b.add(card("far", "culture", {5000, 1600}, pb::CAPABILITY));
  KeyInput k;
  k.fit = true;
  b.key(k);
  const Rect visible = b.tools.view().visible(b.canvas);
  EXPECT_LE(visible.min.y, 0);
  EXPECT_GE(visible.max.y, 8 * 220);
  EXPECT_GE(visible.max.x, 5200);
}

// The sticky row labels sit at the canvas's left edge: zoom-to-fit keeps cards out
// from under them.
TEST_F(ToolsTest, FitLeavesTheRowLabelsStripFreeOfCards) {
  b.add(card("left", "processes", {0, 700}, pb::PROCESS));
  KeyInput k;
  k.fit = true;
  b.key(k);
  const double strip = std::min(RowLayout::kLabelStrip, b.canvas.width() * 0.3);
  ASSERT_GT(strip, 100);
  EXPECT_GE(b.tools.view().to_screen({0, 700}).x, b.canvas.min.x + strip);
}

TEST_F(ToolsTest, PresenceCarriesCursorSelectionViewportAndDrag) {
  b.press({150, 750});
  b.move({170, 750});
  const pb::Presence p = b.tools.presence();
  EXPECT_TRUE(p.cursor_visible());
  EXPECT_EQ(p.cursor().x(), 170);
  ASSERT_EQ(p.dragging_size(), 1);
  EXPECT_EQ(p.dragging(0), "p1");
  ASSERT_EQ(p.selection_size(), 1);
  EXPECT_EQ(p.viewport().width(), 1000);
  b.release({170, 750});
  EXPECT_EQ(b.tools.presence().dragging_size(), 0);
}

TEST_F(ToolsTest, SelectAllEscapeAndSelectionOfRemovedCards) {
  KeyInput all;
  all.select_all = true;
  b.key(all);
  EXPECT_EQ(sel().size(), 3u);
  b.remote({remove_op(pb::ELEMENT, "p2")});  // someone else deletes a selected card
  b.frame();
  EXPECT_EQ(sel().size(), 2u);
  KeyInput esc;
  esc.escape = true;
  b.key(esc);
  EXPECT_TRUE(sel().empty());
}

TEST_F(ToolsTest, CardRemovedByOthersMidDragIsLeftAlone) {
  b.press({150, 750});
  b.move({180, 750});
  b.remote({remove_op(pb::ELEMENT, "p1")});
  b.move({200, 750});
  b.release({200, 750});
  EXPECT_EQ(b.map().element("p1"), nullptr);
  EXPECT_EQ(b.tools.mode(), Mode::idle);
}

}  // namespace
}  // namespace pss::ui
