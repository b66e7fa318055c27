// What the board shows of facilitation, without a window: timer text from the shared
// end time, card marks, and following the facilitator's viewport (with step out).
#include "client/app/ui/workshop.h"

#include <gtest/gtest.h>

namespace pss::ui {
namespace {

TEST(WorkshopTimer, CountsDownToTheSharedEndTime) {
  pb::TimerState t;
  EXPECT_EQ(timer_text(t, 0), "");
  t.set_running(true);
  t.set_duration_s(300);
  t.set_ends_at_ms(1'000'000 + 300'000);
  EXPECT_EQ(timer_text(t, 1'000'000), "05:00");
  EXPECT_EQ(timer_text(t, 1'000'001), "05:00");  // rounds up: 00:00 only when over
  EXPECT_EQ(timer_text(t, 1'000'000 + 61'000), "03:59");
  EXPECT_EQ(timer_text(t, 1'000'000 + 400'000), "00:00");
  t.set_running(false);
  t.set_remaining_ms(90'000);
  EXPECT_EQ(timer_text(t, 5), "01:30 paused");
}

TEST(WorkshopMarks, LocksPrivateSpotlightAndVotes) {
  pb::Element e;
  e.set_id("e1");
  e.set_row("people");
  pb::FacilitationState s;
  EXPECT_FALSE(card_marks(s, e).locked);
  s.mutable_locks()->add_rows("people");
  EXPECT_TRUE(card_marks(s, e).locked);
  s.mutable_locks()->clear_rows();
  s.mutable_locks()->set_board(true);
  EXPECT_TRUE(card_marks(s, e).locked);
  s.add_own_private("e1");
  s.set_spotlight("e1");
  EXPECT_TRUE(card_marks(s, e).own_private);
  EXPECT_TRUE(card_marks(s, e).spotlight);

  auto* v = s.mutable_vote();
  v->add_elements("e1");
  v->set_votes_per_person(3);
  auto* mine = v->add_mine();
  mine->set_element("e1");
  mine->set_votes(2);
  EXPECT_TRUE(card_marks(s, e).candidate);
  EXPECT_EQ(card_marks(s, e).my_votes, 2u);
  EXPECT_FALSE(card_marks(s, e).result);
  EXPECT_EQ(votes_left(s), 1u);
  v->set_revealed(true);
  auto* r = v->add_results();
  r->set_element("e1");
  r->set_votes(7);
  EXPECT_EQ(card_marks(s, e).result, 7u);
  EXPECT_EQ(votes_left(s), 0u);
}

pb::Presence viewport(double x, double y, double w, double h) {
  pb::Presence p;
  auto* v = p.mutable_viewport();
  v->set_x(x);
  v->set_y(y);
  v->set_width(w);
  v->set_height(h);
  return p;
}

TEST(WorkshopFollow, FollowsTheLeaderUntilSteppingOutUnlessControlled) {
  Follow follow;
  pb::FacilitationState s;
  const auto leader = viewport(100, 200, 800, 600);
  EXPECT_FALSE(follow.target(s, 2, leader));  // nobody leads
  s.set_follow_session(1);
  auto t = follow.target(s, 2, leader);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->min, (V2{100, 200}));
  EXPECT_EQ(t->max, (V2{900, 800}));
  EXPECT_FALSE(follow.target(s, 1, leader));  // the leader follows nobody
  EXPECT_TRUE(follow.step_out(s));
  EXPECT_FALSE(follow.target(s, 2, leader));
  follow.rejoin();
  EXPECT_TRUE(follow.target(s, 2, leader));

  s.set_take_control(true);
  EXPECT_FALSE(follow.step_out(s));
  EXPECT_TRUE(follow.target(s, 2, leader));

  // A new summons brings someone who stepped out back.
  s.set_take_control(false);
  EXPECT_TRUE(follow.step_out(s));
  s.set_follow_session(0);
  EXPECT_FALSE(follow.target(s, 2, leader));
  s.set_follow_session(1);
  EXPECT_TRUE(follow.target(s, 2, leader));
}

}  // namespace
}  // namespace pss::ui
