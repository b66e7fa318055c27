// The facilitator's controls against the real pss-server, one test per rule: only a
// facilitator may run them, observers never edit, votes stay hidden until the reveal,
// locks hold, private cards never leave the server before the reveal, removed people
// stay out, and every accepted command is broadcast and recorded.
#include <chrono>
#include <set>
#include <thread>

#include "facilitation_fixture.h"

namespace pss::test {
namespace {

using namespace std::chrono_literals;
using FacilitationTest = Workshop;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One of each facilitator command, all valid for a facilitator in this room.
std::vector<pb::Facilitate> every_command(std::uint32_t other_session) {
  std::vector<pb::Facilitate> all;
  all.push_back(phase(pb::SERVICE_IMPROVEMENT));
  all.push_back(timer(pb::TimerCommand::START, 60));
  all.push_back(vote_on_row("processes", 3));
  all.emplace_back().set_reveal_vote(true);
  all.emplace_back().set_end_vote(true);
  all.emplace_back().mutable_follow()->set_on(true);
  all.emplace_back().set_spotlight("");
  pb::Facilitate board;
  board.mutable_lock()->set_board(true);
  board.mutable_lock()->set_locked(true);
  all.push_back(board);
  all.push_back(private_mode(true));
  all.emplace_back().set_remove_session(other_session);
  pb::Facilitate role;
  role.mutable_set_role()->set_session_id(other_session);
  role.mutable_set_role()->set_role(pb::OBSERVER);
  all.push_back(role);
  pb::Facilitate breakouts;
  breakouts.mutable_start_breakouts()->add_groups()->set_id("g1");
  all.push_back(breakouts);
  all.emplace_back().set_end_breakouts(true);
  all.emplace_back().mutable_merge()->add_elements("e1");
  all.emplace_back().mutable_assign()->set_session_id(other_session);
  return all;
}

TEST_F(FacilitationTest, EveryCommandFromAParticipantOrObserverIsRefused) {
  auto fay = join("FACILITATOR", "Fay");
  auto pat = join("PARTICIPANT", "Pat");
  auto obi = join("OBSERVER", "Obi");
  const auto commands = every_command(session_ids_.at("Pat"));
  ASSERT_EQ(commands.size(), static_cast<std::size_t>(pb::Facilitate::kAssign));  // one per oneof case
  for (const auto& f : commands) {
    auto as_participant = refusal(*pat, command(f));
    ASSERT_TRUE(as_participant) << f.ShortDebugString();
    EXPECT_EQ(as_participant->reason(), pb::FORBIDDEN) << f.ShortDebugString();
    auto as_observer = refusal(*obi, command(f));
    ASSERT_TRUE(as_observer) << f.ShortDebugString();
    EXPECT_EQ(as_observer->reason(), pb::READ_ONLY) << f.ShortDebugString();
  }
  // Nothing changed: the facilitator's next state still has the default phase.
  auto state = accepted(*fay, timer(pb::TimerCommand::STOP));
  EXPECT_EQ(state.phase(), pb::WORKSHOP_PHASE_UNSPECIFIED);
  EXPECT_FALSE(state.has_vote());
  EXPECT_FALSE(state.locks().board());
  EXPECT_FALSE(pat->closed());
}

TEST_F(FacilitationTest, ObserversCannotEditOrVote) {
  auto fay = join("FACILITATOR", "Fay");
  auto obi = join("OBSERVER", "Obi");
  ASSERT_TRUE(obi->send_push(1, {put_element("o1")}));
  auto result = obi->push_result(1);
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->committed());
  EXPECT_EQ(result->reason(), pb::READ_ONLY);

  ASSERT_TRUE(fay->send_push(1, {put_element("e1")}));
  ASSERT_TRUE(fay->push_result(1)->committed());
  accepted(*fay, vote_on_row("processes", 2));
  auto vote = refusal(*obi, cast_vote("e1"));
  ASSERT_TRUE(vote);
  EXPECT_EQ(vote->reason(), pb::READ_ONLY);
}

TEST_F(FacilitationTest, PhaseAndTimerReachEveryoneAsASharedEndTime) {
  auto fay = join("FACILITATOR", "Fay");
  auto pat = join("PARTICIPANT", "Pat");
  accepted(*fay, phase(pb::RISK_REVIEW));
  const std::int64_t before = now_ms();
  auto started = accepted(*fay, timer(pb::TimerCommand::START, 300));
  ASSERT_TRUE(started.timer().running());
  EXPECT_GE(started.timer().ends_at_ms(), before + 300'000);
  EXPECT_LE(started.timer().ends_at_ms(), now_ms() + 300'000);

  auto seen = pat->next_of(pb::ServerMessage::kFacilitation);  // the phase
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->facilitation().phase(), pb::RISK_REVIEW);
  seen = pat->next_of(pb::ServerMessage::kFacilitation);  // the timer: the same end time
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->facilitation().timer().ends_at_ms(), started.timer().ends_at_ms());

  auto paused = accepted(*fay, timer(pb::TimerCommand::PAUSE));
  EXPECT_FALSE(paused.timer().running());
  EXPECT_GT(paused.timer().remaining_ms(), 290'000);
  auto added = accepted(*fay, timer(pb::TimerCommand::ADD, 60));
  EXPECT_EQ(added.timer().remaining_ms(), paused.timer().remaining_ms() + 60'000);
  EXPECT_EQ(added.timer().duration_s(), 360u);
  auto resumed = accepted(*fay, timer(pb::TimerCommand::RESUME));
  EXPECT_TRUE(resumed.timer().running());
  EXPECT_GE(resumed.timer().ends_at_ms(), now_ms() + 340'000);
  auto stopped = accepted(*fay, timer(pb::TimerCommand::STOP));
  EXPECT_FALSE(stopped.timer().running());
  EXPECT_EQ(stopped.timer().duration_s(), 0u);
  EXPECT_EQ(stopped.phase(), pb::RISK_REVIEW);
}

TEST_F(FacilitationTest, VotesStayHiddenUntilTheReveal) {
  auto fay = join("FACILITATOR", "Fay");
  auto ann = join("PARTICIPANT", "Ann");
  auto bob = join("PARTICIPANT", "Bob");
  ASSERT_TRUE(fay->send_push(1, {put_element("e1"), put_element("e2", 200), put_element("e3", 400)}));
  ASSERT_TRUE(fay->push_result(1)->committed());
  auto started = accepted(*fay, vote_on_row("processes", 2));
  ASSERT_TRUE(started.has_vote());
  EXPECT_EQ(started.vote().elements_size(), 3);

  ann->drain(50ms);
  bob->drain(50ms);
  ASSERT_TRUE(ann->send(cast_vote("e3")));
  ASSERT_TRUE(ann->send(cast_vote("e3")));
  auto third = refusal(*ann, cast_vote("e1"));
  ASSERT_TRUE(third);
  EXPECT_EQ(third->reason(), pb::NO_VOTE);
  ASSERT_TRUE(bob->send(cast_vote("e2")));

  // Bob sees how many dots were cast, and his own, never Ann's.
  pb::FacilitationState bob_last;
  for (const auto& m : bob->drain(200ms)) {
    if (!m.has_facilitation()) continue;
    bob_last = m.facilitation();
    for (const auto& mine : bob_last.vote().mine()) EXPECT_NE(mine.element(), "e3");
    EXPECT_EQ(bob_last.vote().results_size(), 0);
  }
  EXPECT_EQ(bob_last.vote().ballots_cast(), 3u);
  ASSERT_EQ(bob_last.vote().mine_size(), 1);
  EXPECT_EQ(bob_last.vote().mine(0).element(), "e2");
  pb::FacilitationState fay_last;
  for (const auto& m : fay->drain(50ms))
    if (m.has_facilitation()) fay_last = m.facilitation();
  EXPECT_EQ(fay_last.vote().mine_size(), 0);
  EXPECT_EQ(fay_last.vote().results_size(), 0);

  pb::Facilitate reveal;
  reveal.set_reveal_vote(true);
  auto revealed = accepted(*fay, reveal);
  ASSERT_EQ(revealed.vote().results_size(), 3);
  EXPECT_EQ(revealed.vote().results(0).element(), "e3");
  EXPECT_EQ(revealed.vote().results(0).votes(), 2u);
  EXPECT_EQ(revealed.vote().results(1).element(), "e2");
  EXPECT_EQ(revealed.vote().results(1).votes(), 1u);
  EXPECT_EQ(revealed.vote().results(2).votes(), 0u);
  auto late = refusal(*bob, cast_vote("e1"));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->reason(), pb::NO_VOTE);
}

TEST_F(FacilitationTest, LocksHoldAgainstParticipantsUntilUnlocked) {
  auto fay = join("FACILITATOR", "Fay");
  auto pat = join("PARTICIPANT", "Pat");
  ASSERT_TRUE(fay->send_push(1, {put_element("locked"), put_element("free", 300)}));
  ASSERT_TRUE(fay->push_result(1)->committed());
  accepted(*fay, lock_element("locked"));

  std::uint64_t seq = 0;
  const auto expect_locked = [&](std::vector<pb::Op> ops, const char* what) {
    ASSERT_TRUE(pat->send_push(++seq, std::move(ops)));
    auto r = pat->push_result(seq);
    ASSERT_TRUE(r) << what;
    EXPECT_FALSE(r->committed()) << what;
    EXPECT_EQ(r->reason(), pb::LOCKED) << what << ": " << r->detail();
  };
  expect_locked({move("locked", 50, 50)}, "patch of a locked card");
  expect_locked({remove_element("locked")}, "remove of a locked card");
  expect_locked({put_link("l1", "free", "locked")}, "arrow to a locked card");

  pb::Facilitate row;
  row.mutable_lock()->set_row("people");
  row.mutable_lock()->set_locked(true);
  accepted(*fay, row);
  expect_locked({put(element("new", 0, 0, "people"))}, "new card in a locked row");
  pb::Element into = element("free", 300, 0, "people");
  expect_locked({ops::patch(into, {3})}, "moving a card into a locked row");

  pb::Facilitate board;
  board.mutable_lock()->set_board(true);
  board.mutable_lock()->set_locked(true);
  accepted(*fay, board);
  expect_locked({put_element("anywhere", 900)}, "any card while the board is locked");

  board.mutable_lock()->set_locked(false);
  accepted(*fay, board);
  accepted(*fay, lock_element("locked", false));
  ASSERT_TRUE(pat->send_push(++seq, {move("locked", 50, 50), put_element("anywhere", 900)}));
  auto ok = pat->push_result(seq);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->committed()) << ok->detail();
}

TEST_F(FacilitationTest, PrivateCardsNeverLeaveTheServerBeforeTheReveal) {
  auto fay = join("FACILITATOR", "Fay");
  auto ann = join("PARTICIPANT", "Ann");
  auto bob = join("PARTICIPANT", "Bob");
  auto obi = join("OBSERVER", "Obi");
  ASSERT_TRUE(fay->send_push(1, {put_element("public")}));
  ASSERT_TRUE(fay->push_result(1)->committed());
  auto on = accepted(*fay, private_mode(true));
  EXPECT_TRUE(on.private_mode());
  for (auto* c : {ann.get(), bob.get(), obi.get()}) c->drain(50ms);

  const std::string secret = "Secret-title-7f3a";
  pb::Element card = element("ann-1", 500);
  card.set_title(secret);
  ASSERT_TRUE(ann->send_push(1, {put(card)}));
  ASSERT_TRUE(ann->push_result(1)->committed());
  card.set_title(secret + "-v2");
  ASSERT_TRUE(ann->send_push(2, {ops::patch(card, {4}), put_link("ann-link", "ann-1", "public")}));
  ASSERT_TRUE(ann->push_result(2)->committed());
  // Bob pushes too (his card is private as well), so the others get Patches in the same
  // ticks as Ann's changes.
  ASSERT_TRUE(bob->send_push(1, {put_element("bob-public-edit", 800)}));
  auto bob_result = bob->push_result(1);
  ASSERT_TRUE(bob_result);

  for (auto* c : {fay.get(), bob.get(), obi.get()}) {
    const std::string bytes = received_bytes(*c);
    EXPECT_EQ(bytes.find(secret), std::string::npos);
    EXPECT_EQ(bytes.find("ann-1"), std::string::npos);
  }
  // A newcomer's Welcome does not hold it either; Ann's own reconnect does.
  TestClient late(server_->port());
  auto welcome = late.join_with_token(kRoom, "Late", tokens_.at("PARTICIPANT"), "late");
  ASSERT_TRUE(welcome);
  EXPECT_EQ(welcome->SerializeAsString().find(secret), std::string::npos);
  // Ann's card and its arrow, and Bob's new card: private mode holds for him too.
  EXPECT_EQ(welcome->facilitation().private_withheld(), 3u);
  TestClient ann_again(server_->port());
  auto own = ann_again.join_with_token(kRoom, "Ann", tokens_.at("PARTICIPANT"), "Ann");
  ASSERT_TRUE(own);
  EXPECT_NE(own->SerializeAsString().find(secret + "-v2"), std::string::npos);
  ASSERT_EQ(own->facilitation().own_private_size(), 2);

  // Others cannot touch it: to them it does not exist.
  ASSERT_TRUE(bob->send_push(2, {put_link("bob-link", "public", "ann-1")}));
  auto touch = bob->push_result(2);
  ASSERT_TRUE(touch);
  EXPECT_EQ(touch->reason(), pb::PRIVATE);

  // The reveal puts it for everyone, as it is now.
  accepted(*fay, private_mode(false));
  auto patch = bob->next_of(pb::ServerMessage::kPatch);
  ASSERT_TRUE(patch);
  EXPECT_NE(patch->SerializeAsString().find(secret + "-v2"), std::string::npos);
  EXPECT_NE(patch->SerializeAsString().find("ann-link"), std::string::npos);
}

TEST_F(FacilitationTest, RemovedParticipantIsClosedAndStaysOut) {
  auto fay = join("FACILITATOR", "Fay");
  auto pat = join("PARTICIPANT", "Pat");
  pb::Facilitate remove;
  remove.set_remove_session(session_ids_.at("Pat"));
  accepted(*fay, remove);
  auto closed = pat->wait_closed();
  EXPECT_EQ(closed.code, 4403);
  EXPECT_NE(closed.reason.find("removed"), std::string::npos) << closed.reason;
  TestClient again(server_->port());
  EXPECT_FALSE(again.join_with_token(kRoom, "Pat", tokens_.at("PARTICIPANT"), "Pat"));
  EXPECT_EQ(again.wait_closed().code, 4403);
}

TEST_F(FacilitationTest, ParticipantBecomesObserverAndBack) {
  auto fay = join("FACILITATOR", "Fay");
  auto pat = join("PARTICIPANT", "Pat");
  pb::Facilitate role;
  role.mutable_set_role()->set_session_id(session_ids_.at("Pat"));
  role.mutable_set_role()->set_role(pb::OBSERVER);
  accepted(*fay, role);
  auto updated = pat->next_of(pb::ServerMessage::kPeerUpdated);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->peer_updated().peer().role(), pb::OBSERVER);
  ASSERT_TRUE(pat->send_push(1, {put_element("p1")}));
  EXPECT_EQ(pat->push_result(1)->reason(), pb::READ_ONLY);

  role.mutable_set_role()->set_role(pb::PARTICIPANT);
  accepted(*fay, role);
  ASSERT_TRUE(pat->send_push(2, {put_element("p1")}));
  EXPECT_TRUE(pat->push_result(2)->committed());
}

TEST_F(FacilitationTest, FollowAndSpotlightAreSharedAndRecorded) {
  auto fay = join("FACILITATOR", "Fay");
  auto pat = join("PARTICIPANT", "Pat");
  ASSERT_TRUE(fay->send_push(1, {put_element("e1")}));
  ASSERT_TRUE(fay->push_result(1)->committed());
  pb::Facilitate follow;
  follow.mutable_follow()->set_on(true);
  follow.mutable_follow()->set_take_control(true);
  accepted(*fay, follow);
  pb::Facilitate spot;
  spot.set_spotlight("e1");
  accepted(*fay, spot);
  pb::FacilitationState seen;
  for (const auto& m : pat->drain(200ms))
    if (m.has_facilitation()) seen = m.facilitation();
  EXPECT_EQ(seen.follow_session(), session_ids_.at("Fay"));
  EXPECT_TRUE(seen.take_control());
  EXPECT_EQ(seen.spotlight(), "e1");
  spot.set_spotlight("missing");
  auto missing = refusal(*fay, command(spot));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->reason(), pb::NOT_FOUND);

  // Every accepted command is in the room's recording, in order. The recording holds
  // everything, so only the room's facilitators may read it.
  const std::string history = std::string("/rooms/") + kRoom + "/history?token=";
  EXPECT_EQ(http_get(server_->port(), history + tokens_.at("PARTICIPANT")).status, 403);
  EXPECT_EQ(http_get(server_->port(), std::string("/rooms/") + kRoom + "/history").status, 403);
  std::vector<std::string> kinds;
  for (int attempt = 0; attempt < 40 && kinds.size() < 2; ++attempt) {
    auto reply = http_get(server_->port(), history + tokens_.at("FACILITATOR"));
    pb::History history;
    if (reply.status == 200 && history.ParseFromString(reply.body)) {
      kinds.clear();
      for (const auto& e : history.events()) kinds.push_back(e.kind());
    }
    if (kinds.size() < 2) std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"follow", "spotlight"}));
}

}  // namespace
}  // namespace pss::test
