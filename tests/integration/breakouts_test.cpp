// Breakout groups against the real pss-server: each group's board is withheld from the
// other groups (no title in their received bytes, nor in a newcomer's Welcome or in
// presence), edits across boards are refused OTHER_BOARD, a merge puts cards on the main
// map for everyone, and ending the breakouts shows every board to all.
#include "facilitation_fixture.h"

namespace pss::test {
namespace {

using namespace std::chrono_literals;

class BreakoutsTest : public Workshop {
 protected:
  // Fay facilitates; Ann and Bob form group "g1", Cat group "g2".
  void start_groups() {
    fay_ = join("FACILITATOR", "Fay");
    ann_ = join("PARTICIPANT", "Ann");
    bob_ = join("PARTICIPANT", "Bob");
    cat_ = join("PARTICIPANT", "Cat");
    ASSERT_TRUE(fay_->send_push(1, {put_element("main-1")}));
    ASSERT_TRUE(fay_->push_result(1)->committed());
    pb::Facilitate f;
    pb::BreakoutGroup* g1 = f.mutable_start_breakouts()->add_groups();
    g1->set_id("g1");
    g1->set_name("Group one");
    g1->add_sessions(session_ids_.at("Ann"));
    g1->add_sessions(session_ids_.at("Bob"));
    pb::BreakoutGroup* g2 = f.mutable_start_breakouts()->add_groups();
    g2->set_id("g2");
    g2->set_name("Group two");
    g2->add_sessions(session_ids_.at("Cat"));
    auto state = accepted(*fay_, f);
    ASSERT_TRUE(state.breakouts().running());
    ASSERT_EQ(state.breakouts().groups_size(), 2);
    EXPECT_EQ(state.breakouts().groups(0).sessions_size(), 2);
    for (auto* c : {ann_.get(), bob_.get(), cat_.get()}) c->drain(50ms);
  }

  // `who` puts a card titled `title` on `board`; returns the push's result.
  pb::PushResult put_card(TestClient& who, std::uint64_t seq, const std::string& id, const std::string& board,
                          const std::string& title) {
    pb::Element e = element(id, 300);
    e.set_board(board);
    e.set_title(title);
    EXPECT_TRUE(who.send_push(seq, {put(e)}));
    auto r = who.push_result(seq);
    EXPECT_TRUE(r);
    return r ? *r : pb::PushResult{};
  }

  std::unique_ptr<TestClient> fay_, ann_, bob_, cat_;
};

TEST_F(BreakoutsTest, GroupsSeeOnlyTheirOwnBoard) {
  start_groups();
  const std::string secret = "G1-secret-idea-5e1d";
  ASSERT_TRUE(put_card(*ann_, 1, "g1-card", "g1", secret).committed());

  EXPECT_EQ(received_bytes(*cat_).find(secret), std::string::npos);
  EXPECT_NE(received_bytes(*bob_).find(secret), std::string::npos);
  EXPECT_NE(received_bytes(*fay_).find(secret), std::string::npos);
  // Cat's state names her group; a newcomer in no group is not shown g1's board either.
  TestClient late(server_->port());
  auto welcome = late.join_with_token(kRoom, "Late", tokens_.at("PARTICIPANT"), "late");
  ASSERT_TRUE(welcome);
  EXPECT_EQ(welcome->SerializeAsString().find(secret), std::string::npos);
  EXPECT_EQ(welcome->facilitation().breakouts().mine(), "");
  TestClient cat_again(server_->port());
  auto cat_welcome = cat_again.join_with_token(kRoom, "Cat", tokens_.at("PARTICIPANT"), "Cat");
  ASSERT_TRUE(cat_welcome);
  EXPECT_EQ(cat_welcome->SerializeAsString().find(secret), std::string::npos);
  EXPECT_EQ(cat_welcome->facilitation().breakouts().mine(), "g2");

  // Presence naming the g1 card reaches Cat without it.
  pb::Presence p = cursor_at(1, 2);
  p.add_selection("g1-card");
  p.add_selection("main-1");
  cat_->drain(30ms);
  ASSERT_TRUE(bob_->send_presence(p));
  auto seen = cat_->next_of(pb::ServerMessage::kPresence);
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->presence().peers(0).presence().selection_size(), 1);
  EXPECT_EQ(seen->presence().peers(0).presence().selection(0), "main-1");
}

TEST_F(BreakoutsTest, EditsAcrossBoardsAreRefused) {
  start_groups();
  ASSERT_TRUE(put_card(*ann_, 1, "g1-card", "g1", "ann").committed());
  ASSERT_TRUE(put_card(*cat_, 1, "g2-card", "g2", "cat").committed());
  // Cat cannot touch g1's card, nor put cards on another board or on the main map.
  ASSERT_TRUE(cat_->send_push(2, {move("g1-card", 10, 10)}));
  EXPECT_EQ(cat_->push_result(2)->reason(), pb::OTHER_BOARD);
  EXPECT_EQ(put_card(*cat_, 3, "c-main", "", "x").reason(), pb::OTHER_BOARD);
  EXPECT_EQ(put_card(*cat_, 4, "c-g1", "g1", "x").reason(), pb::OTHER_BOARD);
  // The main map is read-only for group members; the facilitator still edits it.
  ASSERT_TRUE(ann_->send_push(2, {move("main-1", 10, 10)}));
  EXPECT_EQ(ann_->push_result(2)->reason(), pb::OTHER_BOARD);
  ASSERT_TRUE(fay_->send_push(2, {move("main-1", 10, 10)}));
  EXPECT_TRUE(fay_->push_result(2)->committed());
  // An arrow never joins two boards, whoever draws it.
  ASSERT_TRUE(fay_->send_push(3, {put_link("cross", "g1-card", "main-1")}));
  EXPECT_EQ(fay_->push_result(3)->reason(), pb::OTHER_BOARD);
  // Within the group: fine.
  ASSERT_TRUE(bob_->send_push(1, {move("g1-card", 20, 20)}));
  EXPECT_TRUE(bob_->push_result(1)->committed());
}

TEST_F(BreakoutsTest, MergePutsChosenCardsOnTheMainMapForEveryone) {
  start_groups();
  const std::string title = "Merged-idea-77ab";
  ASSERT_TRUE(put_card(*ann_, 1, "g1-a", "g1", title).committed());
  ASSERT_TRUE(put_card(*ann_, 2, "g1-b", "g1", "B-stays-7c").committed());
  ASSERT_TRUE(ann_->send_push(3, {put_link("g1-ab", "g1-a", "g1-b")}));
  ASSERT_TRUE(ann_->push_result(3)->committed());
  cat_->drain(50ms);

  pb::Facilitate merge;
  merge.mutable_merge()->add_elements("g1-a");
  accepted(*fay_, merge);
  auto patch = cat_->next_of(pb::ServerMessage::kPatch);
  ASSERT_TRUE(patch);
  ASSERT_EQ(patch->patch().changes_size(), 1);
  ASSERT_EQ(patch->patch().changes(0).ops_size(), 1);  // the card; its arrow leads to g1's board still
  const pb::Element& merged = patch->patch().changes(0).ops(0).put().element();
  EXPECT_EQ(merged.title(), title);
  EXPECT_EQ(merged.board(), "");
  std::string rest = received_bytes(*cat_);
  EXPECT_EQ(rest.find("B-stays-7c"), std::string::npos);
  // On the main map it is read-only for the groups, like any main card.
  ASSERT_TRUE(ann_->send_push(4, {move("g1-a", 5, 5)}));
  EXPECT_EQ(ann_->push_result(4)->reason(), pb::OTHER_BOARD);
  // Merging it again is refused: it is on the main map.
  auto again = refusal(*fay_, command(merge));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->reason(), pb::INVALID_VALUE);
}

TEST_F(BreakoutsTest, EndingBreakoutsShowsEveryBoardToEveryone) {
  start_groups();
  const std::string g1_title = "G1-final-3d9e";
  ASSERT_TRUE(put_card(*ann_, 1, "g1-card", "g1", g1_title).committed());
  cat_->drain(50ms);
  pb::Facilitate end;
  end.set_end_breakouts(true);
  auto state = accepted(*fay_, end);
  EXPECT_FALSE(state.breakouts().running());
  ASSERT_EQ(state.breakouts().groups_size(), 2);  // the boards stay, to look back at
  auto patch = cat_->next_of(pb::ServerMessage::kPatch);
  ASSERT_TRUE(patch);
  EXPECT_NE(patch->SerializeAsString().find(g1_title), std::string::npos);
  // Everyone may edit every board now; a second end is refused.
  ASSERT_TRUE(cat_->send_push(1, {move("g1-card", 30, 30)}));
  EXPECT_TRUE(cat_->push_result(1)->committed());
  auto twice = refusal(*fay_, command(end));
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->reason(), pb::CONFLICT);
  // A newcomer gets the whole map.
  TestClient late(server_->port());
  auto welcome = late.join_with_token(kRoom, "Late", tokens_.at("PARTICIPANT"), "late");
  ASSERT_TRUE(welcome);
  EXPECT_NE(welcome->SerializeAsString().find(g1_title), std::string::npos);
}

TEST_F(BreakoutsTest, AssignedLatecomerIsSentItsGroupsBoard) {
  start_groups();
  const std::string title = "G2-so-far-a1b2";
  ASSERT_TRUE(put_card(*cat_, 1, "g2-card", "g2", title).committed());
  auto dan = join("PARTICIPANT", "Dan");
  EXPECT_EQ(received_bytes(*dan).find(title), std::string::npos);
  pb::Facilitate assign;
  assign.mutable_assign()->set_session_id(session_ids_.at("Dan"));
  assign.mutable_assign()->set_group("g2");
  accepted(*fay_, assign);
  std::string bytes = received_bytes(*dan);
  EXPECT_NE(bytes.find(title), std::string::npos);
  EXPECT_EQ(received_bytes(*ann_).find(title), std::string::npos);
  ASSERT_TRUE(dan->send_push(1, {move("g2-card", 1, 1)}));
  EXPECT_TRUE(dan->push_result(1)->committed());
}

}  // namespace
}  // namespace pss::test
