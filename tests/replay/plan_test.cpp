// Moments on the command line and the replay plan: what is played, in what order, at what pace.
#include "plan.h"

#include <gtest/gtest.h>

#include "ops.h"
#include "recorder.h"
#include "time_spec.h"

namespace pss::replay::testing {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

std::int64_t offset_of(std::string_view text) {
  std::string error;
  auto spec = parse_time_spec(text, &error);
  EXPECT_TRUE(spec) << text << ": " << error;
  EXPECT_TRUE(!spec || spec->kind == TimeSpec::Kind::offset) << text;
  return spec ? spec->offset_ms : -1;
}

TEST(TimeSpec, ClocksAndTimesFromTheStart) {
  std::string error;
  auto clock = parse_time_spec("c1200", &error);
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->kind, TimeSpec::Kind::clock);
  EXPECT_EQ(clock->clock, 1200u);
  EXPECT_EQ(offset_of("90s"), 90000);
  EXPECT_EQ(offset_of("1m30s"), 90000);
  EXPECT_EQ(offset_of("0:01:30"), 90000);
  EXPECT_EQ(offset_of("1:30"), 90000);
  EXPECT_EQ(offset_of("1h2m"), 3720000);
  EXPECT_EQ(offset_of("2.5s"), 2500);
  EXPECT_EQ(offset_of("250ms"), 250);
  for (const char* bad : {"", "c", "c12x", "90", "abc", "1s1m", "1m1m", "1:75", "1:2", "-5s", "1:30:00:00"}) {
    error.clear();
    EXPECT_FALSE(parse_time_spec(bad, &error)) << bad;
    EXPECT_NE(error.find("c1200"), std::string::npos) << "the message shows the forms: " << error;
  }
}

// Alice joins, edits three times (100 ms apart, then after a long break), Bob joins
// and leaves; cursor samples in between.
pb::History session() {
  Recorder rec;
  rec.commit({test::put_element("e1")}, "Alice", 1000);  // t = 1000
  rec.commit({test::move("e1", 5, 5)}, "Alice", 100);    // t = 1100
  rec.commit({test::move("e1", 9, 9)}, "Alice", 60000);  // t = 61100: after lunch
  pb::History h = rec.history();
  auto session = [&](pb::RecordedSession::Kind kind, std::int64_t ms, std::uint32_t id, const char* name) {
    auto* s = h.add_sessions();
    s->set_kind(kind);
    s->set_wall_ms(Recorder::kStartMs + ms);
    s->set_session_id(id);
    s->set_display_name(name);
  };
  session(pb::RecordedSession::JOIN, 0, 1, "Alice");
  session(pb::RecordedSession::JOIN, 1050, 2, "Bob");
  session(pb::RecordedSession::LEAVE, 1100, 2, "Bob");
  auto* p = h.add_presence();
  p->set_wall_ms(Recorder::kStartMs + 1050);
  p->set_session_id(1);
  p->mutable_cursor()->set_x(7);
  return h;
}

TEST(Plan, StepsInRecordedOrderAtTheRecordedPaceWithBreaksCapped) {
  const auto h = session();
  std::string error;
  auto plan = make_plan(h, std::nullopt, std::nullopt, 2.0, &error);
  ASSERT_TRUE(plan) << error;
  EXPECT_EQ(plan->from_clock, 0u);
  EXPECT_EQ(plan->to_clock, 3u);
  EXPECT_TRUE(plan->present_at_start.empty());
  ASSERT_EQ(plan->steps.size(), 7u);
  const auto& s = plan->steps;
  // t=0 join Alice; 1000 change 1; 1050 join Bob (joins first); 1050 cursor; 1100 leave; 1100 change 2; 61100 change 3
  EXPECT_TRUE(s[0].session && s[0].session->display_name() == "Alice");
  EXPECT_EQ(s[0].delay, microseconds(0));
  EXPECT_TRUE(s[1].change && s[1].change->clock() == 1);
  EXPECT_EQ(s[1].delay, milliseconds(500));  // 1 s recorded, at speed 2
  EXPECT_TRUE(s[2].session && s[2].session->display_name() == "Bob");
  EXPECT_EQ(s[2].delay, milliseconds(25));
  EXPECT_TRUE(s[3].presence);
  EXPECT_EQ(s[3].delay, microseconds(0));
  EXPECT_TRUE(s[4].session && s[4].session->kind() == pb::RecordedSession::LEAVE);
  EXPECT_TRUE(s[5].change && s[5].change->clock() == 2);
  EXPECT_TRUE(s[6].change && s[6].change->clock() == 3);
  EXPECT_EQ(s[6].delay, milliseconds(1000)) << "the lunch break is capped";
}

TEST(Plan, FromAndToCutTheRecordingAndKeepWhoIsThere) {
  const auto h = session();
  std::string error;
  // 1.06 s after the start: after change 1 and Bob's join, before his leave.
  auto plan =
      make_plan(h, TimeSpec{TimeSpec::Kind::offset, 0, 1060}, TimeSpec{TimeSpec::Kind::clock, 2, 0}, 1.0, &error);
  ASSERT_TRUE(plan) << error;
  EXPECT_EQ(plan->from_clock, 1u);
  EXPECT_EQ(plan->to_clock, 2u);
  ASSERT_EQ(plan->present_at_start.size(), 2u);
  EXPECT_EQ(plan->present_at_start[1].display_name(), "Bob");
  EXPECT_NE(plan->present_at_start[0].color(), plan->present_at_start[1].color());
  ASSERT_EQ(plan->steps.size(), 2u);  // Bob leaves, change 2
  EXPECT_TRUE(plan->steps[0].session);
  EXPECT_TRUE(plan->steps[1].change && plan->steps[1].change->clock() == 2);
}

TEST(Plan, MomentsOutsideTheRecordingAreRefused) {
  const auto h = session();
  std::string error;
  EXPECT_FALSE(make_plan(h, TimeSpec{TimeSpec::Kind::clock, 9, 0}, std::nullopt, 1.0, &error));
  EXPECT_NE(error.find("clock 9 is outside the recording (clocks 0..3)"), std::string::npos) << error;
  EXPECT_FALSE(make_plan(h, TimeSpec{TimeSpec::Kind::clock, 3, 0}, TimeSpec{TimeSpec::Kind::clock, 1, 0}, 1.0, &error));
  EXPECT_NE(error.find("--from is after --to"), std::string::npos) << error;
}

}  // namespace
}  // namespace pss::replay::testing
