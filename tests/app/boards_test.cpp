// Breakout boards on the client: the tools see only the board shown (its cards, the
// arrows between them), a new card goes on that board, and the facilitator's default
// split puts participants round-robin into groups.
#include "client/app/ui/boards.h"

#include <gtest/gtest.h>

namespace pss::ui {
namespace {

pb::Op card(const std::string& id, const std::string& board = {}) {
  pb::Op op;
  pb::Element& e = *op.mutable_put()->mutable_element();
  e.set_id(id);
  e.set_kind(pb::PROCESS);
  e.set_row("processes");
  e.set_title(id);
  e.mutable_position()->set_x(0);
  e.mutable_position()->set_y(0);
  e.mutable_size()->set_x(160);
  e.mutable_size()->set_y(80);
  e.set_board(board);
  return op;
}

pb::Op arrow(const std::string& id, const std::string& from, const std::string& to) {
  pb::Op op;
  pb::Link& l = *op.mutable_put()->mutable_link();
  l.set_id(id);
  l.set_from(from);
  l.set_to(to);
  return op;
}

TEST(Boards, EachBoardShowsItsOwnCardsAndArrows) {
  StrategyMap map = StrategyMap::with_default_rows();
  ASSERT_FALSE(map.apply(std::vector<pb::Op>{card("m1"), card("m2"), card("g1", "b-1"), card("g2", "b-1"),
                                             arrow("l-main", "m1", "m2"), arrow("l-group", "g1", "g2")},
                         ApplyContext{1, nullptr}));
  auto main = board_view(map, "");
  ASSERT_TRUE(main);
  EXPECT_TRUE(main->element("m1") && main->element("m2") && main->link("l-main"));
  EXPECT_FALSE(main->element("g1") || main->link("l-group"));
  auto group = board_view(map, "b-1");
  ASSERT_TRUE(group);
  EXPECT_TRUE(group->element("g1") && group->link("l-group"));
  EXPECT_FALSE(group->element("m1") || group->link("l-main"));
  EXPECT_EQ(group->rows().size(), map.rows().size());  // rows are shared

  StrategyMap plain = StrategyMap::with_default_rows();
  EXPECT_FALSE(board_view(plain, ""));  // nothing on any board: no copy
}

TEST(Boards, NewCardsGoOnTheBoardShown) {
  LocalDocument local;
  BoardDocument doc(local);
  doc.show("b-1");
  ASSERT_FALSE(doc.edit({card("new")}, false));
  ASSERT_TRUE(local.view().element("new"));
  EXPECT_EQ(local.view().element("new")->board(), "b-1");
  EXPECT_TRUE(doc.view().element("new"));
  doc.show("");
  EXPECT_FALSE(doc.view().element("new"));
  EXPECT_TRUE(doc.full().element("new"));
}

TEST(Boards, SplitIsRoundRobin) {
  const pb::Facilitate f = split_into_groups({11, 12, 13}, 2, "b7");
  ASSERT_EQ(f.start_breakouts().groups_size(), 2);
  EXPECT_EQ(f.start_breakouts().groups(0).id(), "b7-1");
  EXPECT_EQ(f.start_breakouts().groups(1).name(), "Group 2");
  EXPECT_EQ(f.start_breakouts().groups(0).sessions_size(), 2);
  EXPECT_EQ(f.start_breakouts().groups(1).sessions(0), 12u);
}

}  // namespace
}  // namespace pss::ui
