// The replay timeline's window-free logic: play head, event selection, cursors.
#include "client/app/ui/replay.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "model/ops.h"
#include "recorded_session.h"

namespace pss::ui {
namespace {

using history::testing::kStartMs;

TEST(PlayHead, PlaysBySpeedTimesElapsed) {
  PlayHead h;
  h.reset(10'000, 100'000);
  EXPECT_EQ(h.time(), 10'000);
  h.advance(1.0);  // paused: nothing
  EXPECT_EQ(h.time(), 10'000);
  h.play();
  h.advance(0.5);
  EXPECT_EQ(h.time(), 10'500);
  h.set_speed(4);  // 10x
  EXPECT_EQ(h.speed(), 10);
  h.advance(0.1);
  EXPECT_EQ(h.time(), 11'500);
  h.set_speed(0);  // 0.5x at 60 frames a second: 8.33 ms a frame, nothing lost
  for (int i = 0; i < 60; ++i) h.advance(1.0 / 60);
  EXPECT_NEAR(static_cast<double>(h.time()), 12'000, 1);
  h.pause();
  h.advance(3);
  EXPECT_NEAR(static_cast<double>(h.time()), 12'000, 1);
  h.set_speed(99);
  EXPECT_EQ(h.speed(), 100);
  h.slower();
  EXPECT_EQ(h.speed(), 10);
}

TEST(PlayHead, StopsAtTheEndAndPlaysAgainFromTheStart) {
  PlayHead h;
  h.reset(0, 1000);
  h.play();
  h.advance(5);
  EXPECT_EQ(h.time(), 1000);
  EXPECT_FALSE(h.playing());
  h.play();
  EXPECT_EQ(h.time(), 0);
  EXPECT_TRUE(h.playing());
  h.scrub(-50);  // clamped, and a scrub while playing keeps playing
  EXPECT_EQ(h.time(), 0);
  h.scrub(700);
  EXPECT_EQ(h.time(), 700);
  EXPECT_TRUE(h.playing());
  h.jump(300, 42);
  EXPECT_EQ(h.pinned(), 42u);
  h.advance(0.1);
  EXPECT_FALSE(h.pinned());  // playing on follows the time again
}

Replay make_replay(std::size_t changes) {
  history::testing::RecordedSession s(21);
  s.record(changes);
  auto t = history::Timeline::build(s.history(), 50);
  EXPECT_TRUE(t);
  return Replay(std::move(*t));
}

TEST(Replay, ScrubShowsTheMapOfThatMoment) {
  Replay r = make_replay(300);
  EXPECT_EQ(r.clock(), 0u);  // starts at the beginning, paused
  r.scrub(r.timeline().time_of(200));
  EXPECT_EQ(r.clock(), 200u);
  const std::string at200 = r.map().state_hash();
  r.scrub(r.timeline().time_of(120));  // backward
  EXPECT_EQ(r.clock(), 120u);
  EXPECT_EQ(r.map().clock(), 120u);
  r.scrub(r.timeline().time_of(200));
  EXPECT_EQ(r.map().state_hash(), at200);
  r.head().play();
  r.head().set_speed(1);  // 1x: changes are 50 ms apart
  EXPECT_TRUE(r.advance(0.1));
  EXPECT_EQ(r.clock(), 202u);
}

TEST(Replay, ClickingAnEventJumpsToItsClock) {
  Replay r = make_replay(300);
  const auto& events = r.timeline().events();
  for (std::size_t i : {std::size_t{250}, std::size_t{3}, std::size_t{120}}) {
    r.select_event(i);
    EXPECT_EQ(r.clock(), events[i].clock);
    EXPECT_EQ(r.current_event(), i);
    EXPECT_EQ(r.head().time(), events[i].wall_ms);
  }
  EXPECT_EQ(r.highlighted(), r.timeline().touched(events[120].clock));
  EXPECT_FALSE(r.highlighted().empty());
  r.select_event(0);  // a join changes nothing
  EXPECT_TRUE(r.highlighted().empty());
  r.select_event(120);
  r.step(+1);
  EXPECT_EQ(r.current_event(), 121u);
  r.step(-1);
  r.step(-1);
  EXPECT_EQ(r.current_event(), 119u);
  EXPECT_EQ(r.map().clock(), events[119].clock);
}

TEST(Replay, PlayingSkipsQuietStretches) {
  history::testing::RecordedSession s(4);
  s.record(20);
  pb::History h = s.history();
  for (auto& c : *h.mutable_changes())  // a 40-minute break before change 11
    if (c.clock() > 10) c.set_wall_ms(c.wall_ms() + 40 * 60 * 1000);
  h.clear_presence();
  auto t = history::Timeline::build(h);
  ASSERT_TRUE(t);
  Replay r(std::move(*t));
  r.scrub(r.timeline().time_of(10));
  r.head().play();
  r.advance(0.5);
  EXPECT_EQ(r.clock(), 10u);
  EXPECT_EQ(r.head().time(), r.timeline().time_of(11) - kLeadInMs);
  r.advance(1.0);
  EXPECT_EQ(r.clock(), 11u);
}

TEST(Replay, CursorsWearTheirLiveColoursAndNames) {
  Replay r = make_replay(100);
  r.scrub(kStartMs + 3000);
  const auto cursors = r.cursors();
  ASSERT_EQ(cursors.size(), 4u);
  EXPECT_EQ(cursors[0].name, "Ann");
  EXPECT_EQ(cursors[0].color, 0x4E79A7u);  // session 1: the server's first colour
  EXPECT_EQ(cursors[1].color, 0xF28E2Bu);
  EXPECT_TRUE(cursors[3].presence.cursor_visible());
  r.scrub(r.timeline().last_time());
  EXPECT_EQ(r.cursors().size(), 3u);  // Dan left
}

TEST(Replay, BannerAndReadOnlyDocument) {
  setenv("TZ", "UTC", 1);
  tzset();
  Replay r = make_replay(100);
  r.select_event(r.timeline().events().size() - 1);
  EXPECT_EQ(r.banner(),
            "Replay \xE2\x80\x94 read-only, clock 100 of 100, time " + time_of_day(r.timeline().time_of(100)));
  EXPECT_EQ(time_of_day(kStartMs), "02:13:20");  // 1763000000 s
  EXPECT_EQ(duration_text(65'000), "1:05");
  EXPECT_EQ(duration_text(3'725'000), "1:02:05");
  ReplayDocument doc(r);
  EXPECT_EQ(doc.view().clock(), 100u);
  auto refused = doc.edit({ops::move("c1", 1, 1)}, false);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->reason, pb::READ_ONLY);
}

}  // namespace
}  // namespace pss::ui
