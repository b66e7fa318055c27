// Facilitation and RoomState's use of it, without sockets: roles, the timer's shared
// end time, the vote's tallies, and private cards cut out of other people's Patches
// (while the clock still advances for them by one per change).
#include "facilitation.h"

#include <gtest/gtest.h>

#include "model/ops.h"
#include "room_state_test_util.h"

namespace pss::server {
namespace {

pb::Element card(const std::string& id, const std::string& title) {
  pb::Element e;
  e.set_id(id);
  e.set_kind(pb::PROCESS);
  e.set_row("processes");
  e.set_title(title);
  e.mutable_size()->set_x(160);
  e.mutable_size()->set_y(80);
  return e;
}

TEST(Facilitation, TimerIsASharedEndTime) {
  Facilitation f;
  StrategyMap map = StrategyMap::with_default_rows();
  const std::string key = "fay";
  const Actor fay{1, pb::FACILITATOR, &key};
  Facilitation::Effects fx;
  pb::Facilitate cmd;
  cmd.mutable_timer()->set_action(pb::TimerCommand::START);
  cmd.mutable_timer()->set_seconds(120);
  ASSERT_FALSE(f.command(fay, cmd, map, 10'000, {}, &fx));
  EXPECT_EQ(f.state().timer().ends_at_ms(), 130'000);
  cmd.mutable_timer()->set_action(pb::TimerCommand::PAUSE);
  ASSERT_FALSE(f.command(fay, cmd, map, 40'000, {}, &fx));
  EXPECT_EQ(f.state().timer().remaining_ms(), 90'000);
  cmd.mutable_timer()->set_action(pb::TimerCommand::RESUME);
  ASSERT_FALSE(f.command(fay, cmd, map, 100'000, {}, &fx));
  EXPECT_EQ(f.state().timer().ends_at_ms(), 190'000);
  cmd.mutable_timer()->set_action(pb::TimerCommand::ADD);
  cmd.mutable_timer()->set_seconds(30);
  ASSERT_FALSE(f.command(fay, cmd, map, 100'000, {}, &fx));
  EXPECT_EQ(f.state().timer().ends_at_ms(), 220'000);
  cmd.mutable_timer()->set_seconds(0);
  EXPECT_EQ(f.command(fay, cmd, map, 100'000, {}, &fx)->reason, pb::OUT_OF_BOUNDS);
}

TEST(Facilitation, VoteTalliesAreRankedAndOwnVotesPrivate) {
  Facilitation f;
  StrategyMap map = StrategyMap::with_default_rows();
  ASSERT_FALSE(
      map.apply(std::vector<pb::Op>{ops::put(card("a", "A")), ops::put(card("b", "B"))}, ApplyContext{1, nullptr}));
  const std::string kf = "f", k1 = "p1", k2 = "p2";
  Facilitation::Effects fx;
  pb::Facilitate start;
  start.mutable_start_vote()->set_row("processes");
  start.mutable_start_vote()->set_votes_per_person(2);
  EXPECT_EQ(f.command(Actor{2, pb::PARTICIPANT, &k1}, start, map, 0, {}, &fx)->reason, pb::FORBIDDEN);
  ASSERT_FALSE(f.command(Actor{1, pb::FACILITATOR, &kf}, start, map, 0, {}, &fx));
  pb::CastVote v;
  v.set_element("b");
  v.set_delta(1);
  ASSERT_FALSE(f.vote(Actor{2, pb::PARTICIPANT, &k1}, v));
  ASSERT_FALSE(f.vote(Actor{3, pb::PARTICIPANT, &k2}, v));
  v.set_element("a");
  ASSERT_FALSE(f.vote(Actor{3, pb::PARTICIPANT, &k2}, v));
  EXPECT_EQ(f.vote(Actor{3, pb::PARTICIPANT, &k2}, v)->reason, pb::NO_VOTE);  // two each
  v.set_delta(-1);
  EXPECT_EQ(f.vote(Actor{2, pb::PARTICIPANT, &k1}, v)->reason, pb::NO_VOTE);  // none of p1's on a

  const auto p1 = f.state_for(Actor{2, pb::PARTICIPANT, &k1});
  ASSERT_EQ(p1.vote().mine_size(), 1);
  EXPECT_EQ(p1.vote().mine(0).element(), "b");
  EXPECT_EQ(p1.vote().results_size(), 0);
  EXPECT_EQ(p1.vote().ballots_cast(), 3u);

  pb::Facilitate reveal;
  reveal.set_reveal_vote(true);
  ASSERT_FALSE(f.command(Actor{1, pb::FACILITATOR, &kf}, reveal, map, 0, {}, &fx));
  const auto shown = f.state_for(Actor{1, pb::FACILITATOR, &kf});
  ASSERT_EQ(shown.vote().results_size(), 2);
  EXPECT_EQ(shown.vote().results(0).element(), "b");
  EXPECT_EQ(shown.vote().results(0).votes(), 2u);
  EXPECT_EQ(shown.vote().results(1).votes(), 1u);
}

TEST(FacilitationRoom, PrivateCardIsCutFromOthersPatchesUntilTheReveal) {
  RoomState room("r", RoomConfig{});
  ASSERT_FALSE(room.join(1, hello("Fay", "f"), pb::FACILITATOR).refused);
  ASSERT_FALSE(room.join(2, hello("Ann", "a"), pb::PARTICIPANT).refused);
  ASSERT_FALSE(room.join(3, hello("Bob", "b"), pb::PARTICIPANT).refused);
  room.flush();
  pb::Facilitate on;
  on.set_private_mode(true);
  ASSERT_FALSE(room.facilitate(1, on, 0).refused);
  room.flush();

  room.push(2, push(1, {ops::put(card("s1", "secret title"))}));
  room.push(3, push(1, {ops::put(card("pub", "public title"))}));
  auto out = room.flush();
  const auto ann = for_session(out, 2);
  const auto bob = for_session(out, 3);
  ASSERT_FALSE(ann.empty());
  ASSERT_FALSE(bob.empty());
  ASSERT_TRUE(ann[0].has_patch());
  ASSERT_TRUE(bob[0].has_patch());
  EXPECT_EQ(ann[0].patch().changes(0).ops_size(), 1);
  // Bob gets Ann's change with its clock but without its op, then his own.
  ASSERT_EQ(bob[0].patch().changes_size(), 2);
  EXPECT_EQ(bob[0].patch().changes(0).ops_size(), 0);
  EXPECT_EQ(bob[0].patch().changes(1).clock(), bob[0].patch().changes(0).clock() + 1);
  for (const auto& m : bob) EXPECT_EQ(m.SerializeAsString().find("secret title"), std::string::npos);

  // Bob cannot reach it; a newcomer's Welcome does not show it.
  room.push(3, push(2, {ops::patch(card("s1", "x"), {4})}));
  auto refused = for_session(room.flush(), 3);
  ASSERT_FALSE(refused.empty());
  EXPECT_EQ(refused[0].push_result().reason(), pb::PRIVATE);
  auto late = room.join(4, hello("Late", "l"), pb::OBSERVER);
  EXPECT_EQ(std::string(late.welcome.view()).find("secret title"), std::string::npos);

  pb::Facilitate off;
  off.set_private_mode(false);
  ASSERT_FALSE(room.facilitate(1, off, 0).refused);
  const auto revealed = for_session(room.flush(), 3);
  ASSERT_FALSE(revealed.empty());
  EXPECT_NE(revealed[0].SerializeAsString().find("secret title"), std::string::npos);
}

TEST(FacilitationRoom, ObserverPushIsReadOnly) {
  RoomState room("r", RoomConfig{});
  ASSERT_FALSE(room.join(1, hello("Obi", "o"), pb::OBSERVER).refused);
  room.push(1, push(1, {ops::put(card("c", "t"))}));
  const auto out = for_session(room.flush(), 1);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0].push_result().reason(), pb::READ_ONLY);
  EXPECT_EQ(room.map().element("c"), nullptr);
}

}  // namespace
}  // namespace pss::server
