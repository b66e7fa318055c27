#include "history/timeline.h"

#include <gtest/gtest.h>

#include <random>

#include "recorded_session.h"

namespace pss::history {
namespace {

using testing::RecordedSession;

// Hash of the map after every clock, by applying the recording once in order.
std::vector<std::string> sequential_hashes(const pb::History& h) {
  auto map = StrategyMap::from_snapshot(h.base(), {});
  std::vector<std::string> out{map->state_hash()};
  for (const auto& c : h.changes()) {
    EXPECT_FALSE(map->apply(c.ops(), ApplyContext{c.clock(), nullptr}));
    out.push_back(map->state_hash());
  }
  return out;
}

TEST(Timeline, RandomSeeksForwardAndBackwardMatchSequentialApply) {
  RecordedSession session(7);
  session.record(3000);
  const auto hashes = sequential_hashes(session.history());
  std::string error;
  auto t = Timeline::build(session.history(), 100, &error);
  ASSERT_TRUE(t) << error;
  EXPECT_EQ(t->first_clock(), 0u);
  EXPECT_EQ(t->last_clock(), 3000u);
  EXPECT_EQ(t->checkpoint_count(), 31u);
  std::mt19937 rng(3);
  int backward = 0;
  std::uint64_t prev = t->last_clock();
  for (int i = 0; i < 400; ++i) {
    // Half the seeks are short hops from the last one (playing, nudging the scrubber).
    const std::uint64_t c = i % 2 ? rng() % 3001 : std::min<std::uint64_t>(3000, prev + rng() % 40);
    backward += c < prev;
    ASSERT_EQ(t->state_at(c).state_hash(), hashes[c]) << "seek " << prev << " -> " << c;
    EXPECT_EQ(t->state_at(c).clock(), c);
    prev = c;
  }
  EXPECT_GT(backward, 60);  // about half of the uniform ones
  for (std::uint64_t c = 3000; c-- > 2950;) ASSERT_EQ(t->state_at(c).state_hash(), hashes[c]);  // step back
  EXPECT_EQ(t->state_at(99999).state_hash(), hashes.back());                                    // clamped
  EXPECT_EQ(session.map().state_hash(), hashes.back());
}

TEST(Timeline, BaseAfterClockZero) {
  auto base = StrategyMap::with_default_rows();
  base.set_clock(500);
  RecordedSession session(11, base);
  session.record(250);
  const auto hashes = sequential_hashes(session.history());
  auto t = Timeline::build(session.history(), 64);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->first_clock(), 500u);
  EXPECT_EQ(t->last_clock(), 750u);
  for (std::uint64_t c : {750u, 501u, 640u, 500u, 700u, 3u})
    EXPECT_EQ(t->state_at(c).state_hash(), hashes[std::max<std::uint64_t>(c, 500) - 500]);
}

TEST(Timeline, RefusesGapsAndChangesThatDoNotApply) {
  RecordedSession session(5);
  session.record(20);
  pb::History gap = session.history();
  gap.mutable_changes()->DeleteSubrange(5, 1);
  std::string error;
  EXPECT_FALSE(Timeline::build(gap, 10, &error));
  EXPECT_NE(error.find("change 7 where 6 was expected"), std::string::npos) << error;

  pb::History bad = session.history();
  bad.mutable_changes(3)->clear_ops();
  *bad.mutable_changes(3)->add_ops() = ops::move("no-such-card", 1, 1);
  EXPECT_FALSE(Timeline::build(bad, 10, &error));
  EXPECT_NE(error.find("change 4 does not apply"), std::string::npos) << error;
}

TEST(Timeline, ClockAtAndTimeOfAreInverse) {
  RecordedSession session(9);
  session.record(200);
  auto t = Timeline::build(session.history());
  ASSERT_TRUE(t);
  for (std::uint64_t c = 1; c <= 200; ++c) {
    ASSERT_EQ(t->clock_at(t->time_of(c)), c);
    ASSERT_EQ(t->clock_at(t->time_of(c) - 1), c - 1);  // just before it committed
  }
  EXPECT_EQ(t->clock_at(testing::kStartMs - 100000), 0u);
  EXPECT_EQ(t->clock_at(t->last_time() + 100000), 200u);
  EXPECT_EQ(t->time_of(0), t->first_time());
  EXPECT_EQ(t->first_time(), testing::kStartMs + 1);  // Ann's join
  EXPECT_GE(t->last_time(), t->time_of(200));
}

// A hand-written session whose summaries we can spell out.
class Script {
 public:
  Script() { *h.mutable_base() = map.snapshot(); }
  void push(const char* who, std::uint32_t session, std::vector<pb::Op> ops) {
    const Identity id{who, pb::STAFF};
    std::vector<pb::Op> applied;
    ASSERT_FALSE(map.apply(ops, ApplyContext{map.clock() + 1, &id}, &applied));
    auto* c = h.add_changes();
    c->set_clock(map.clock());
    c->set_wall_ms(1000 * static_cast<std::int64_t>(map.clock()));
    c->set_session_id(session);
    c->set_author(who);
    for (auto& op : applied) *c->add_ops() = op;
  }
  static pb::Element card(const char* id, pb::ElementKind kind, const char* row, const char* title) {
    pb::Element e;
    e.set_id(id);
    e.set_kind(kind);
    e.set_row(row);
    e.set_title(title);
    e.mutable_position()->set_x(10);
    e.mutable_size()->set_x(200);
    e.mutable_size()->set_y(96);
    return e;
  }
  StrategyMap map = StrategyMap::with_default_rows();
  pb::History h;
};

TEST(Timeline, EventsSayWhoChangedWhat) {
  Script s;
  s.push("Bob", 2, {ops::put(Script::card("p1", pb::PROCESS, "processes", "Outreach"))});
  s.push("Ann", 1, {ops::put(Script::card("o1", pb::OUTCOME, "key-outcomes", "Reduce smoking"))});
  s.push("Ann", 1, {ops::move("o1", 300, 40)});
  pb::Link l;
  l.set_id("l1");
  l.set_from("p1");
  l.set_to("o1");
  s.push("Carol", 3, {ops::put(l)});
  pb::Element renamed;
  renamed.set_id("p1");
  renamed.set_title("Community outreach");
  s.push("Bob", 2, {ops::patch(renamed, {pb::Element::kTitleFieldNumber})});
  s.push("Ann", 1, {ops::move("o1", 1, 1), ops::move("p1", 2, 2)});
  s.push("Dan", 4, {ops::remove(pb::ELEMENT, "p1")});  // takes the arrow with it
  auto* join = s.h.add_sessions();
  join->set_kind(pb::RecordedSession::JOIN);
  join->set_wall_ms(500);
  join->set_session_id(1);
  join->set_display_name("Ann");
  auto* ev = s.h.add_events();
  ev->set_wall_ms(3500);
  ev->set_clock(3);
  ev->set_session_id(1);
  ev->set_kind("timer");

  auto t = Timeline::build(s.h);
  ASSERT_TRUE(t);
  std::vector<std::string> texts;
  for (const auto& e : t->events()) texts.push_back(e.text);
  const std::vector<std::string> want = {"Ann joined",
                                         "Bob created process 'Outreach'",
                                         "Ann created outcome 'Reduce smoking'",
                                         "Ann moved 'Reduce smoking'",
                                         "Ann: timer",
                                         "Carol linked 'Outreach' \xE2\x86\x92 'Reduce smoking'",
                                         "Bob renamed 'Outreach' to 'Community outreach'",
                                         "Ann moved 2 cards",
                                         "Dan deleted 'Community outreach'"};
  EXPECT_EQ(texts, want);
  EXPECT_EQ(t->events()[5].clock, 4u);
  EXPECT_EQ(t->events()[5].who, "Carol");
  EXPECT_EQ(t->touched(4), std::vector<std::string>{"l1"});
  EXPECT_EQ(t->touched(6), (std::vector<std::string>{"o1", "p1"}));
  EXPECT_EQ(t->touched(7), (std::vector<std::string>{"l1", "p1"}));  // the arrow went with the card
  EXPECT_TRUE(t->touched(0).empty());
  EXPECT_TRUE(t->touched(8).empty());
  EXPECT_EQ(t->events()[0].kind, TimelineEvent::Kind::join);
  // The event for a moment: the last at or before it.
  EXPECT_FALSE(t->event_at(400, 0));
  EXPECT_EQ(t->event_at(3000, 3), 3u);
  EXPECT_EQ(t->event_at(3999, 3), 4u);  // the timer at 3500
  EXPECT_EQ(t->event_at(1'000'000, 7), 8u);
}

TEST(Summary, RowsMixedPushesAndLongTitles) {
  Script s;
  const std::string long_title = "A very long title that goes on and on, \xC3\xA9\xC3\xA9 past the limit";
  s.push("Eve", 5,
         {ops::put(Script::card("n1", pb::NOTE, "", "")),
          ops::put(Script::card("o1", pb::OUTCOME, "key-outcomes", long_title.c_str()))});
  pb::Row label;
  label.set_id("culture");
  label.set_label("Learning");
  s.push("Eve", 5, {ops::patch(label, {pb::Row::kLabelFieldNumber})});
  pb::Element agreed;
  agreed.set_id("o1");
  agreed.set_status(pb::AGREED);
  s.push("Fay", 6, {ops::patch(agreed, {pb::Element::kStatusFieldNumber}), ops::move("n1", 5, 5)});
  pb::Element moved_row;
  moved_row.set_id("o1");
  moved_row.set_row("user-outcomes");
  s.push("Eve", 5, {ops::patch(moved_row, {pb::Element::kRowFieldNumber})});
  s.h.mutable_changes(2)->clear_author();  // a change the recording does not name
  auto t = Timeline::build(s.h);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->events().size(), 4u);
  EXPECT_EQ(t->events()[0].text, "Eve created 2 cards");
  EXPECT_EQ(t->events()[1].text, "Eve renamed row 'Culture, innovation and learning' to 'Learning'");
  // Cut at 40 bytes, before the two-byte character that would straddle the limit.
  EXPECT_EQ(t->events()[2].text,
            "Someone marked 'A very long title that goes on and on, \xE2\x80\xA6' agreed and 1 more change");
  EXPECT_EQ(
      t->events()[3].text,
      "Eve moved 'A very long title that goes on and on, \xE2\x80\xA6' to 'Service user and stakeholder outcomes'");
}

TEST(Summary, RisksAndMeasuresAndTheirCascade) {
  Script s;
  pb::Risk r;
  r.set_id("r1");
  r.set_target_type(pb::ELEMENT);
  r.set_target("p1");
  r.set_description("Drug shortage");
  r.set_likelihood(3);
  r.set_impact(4);
  pb::Measure m;
  m.set_id("m1");
  m.set_element("p1");
  m.set_name("Quit rate");
  s.push("Eve", 5, {ops::put(Script::card("p1", pb::PROCESS, "processes", "Clinics"))});
  s.push("Eve", 5, {ops::put(r)});
  s.push("Fay", 6, {ops::put(m)});
  m.add_values()->set_date("2025-01-31");
  s.push("Fay", 6, {ops::patch(m, {pb::Measure::kValuesFieldNumber})});
  s.push("Eve", 5, {ops::remove(pb::ELEMENT, "p1")});
  auto t = Timeline::build(s.h);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->events().size(), 5u);
  EXPECT_EQ(t->events()[1].text, "Eve added the risk 'Drug shortage'");
  EXPECT_EQ(t->events()[2].text, "Fay added the measure 'Quit rate'");
  EXPECT_EQ(t->events()[3].text, "Fay updated the values of 'Quit rate'");
  EXPECT_EQ(t->events()[4].text, "Eve deleted 'Clinics'");  // its risk and measure go with it
}

TEST(Timeline, CursorsOfThePresentWithinTheWindow) {
  Script s;
  s.push("Ann", 1, {ops::put(Script::card("o1", pb::OUTCOME, "key-outcomes", "Reduce smoking"))});
  auto sample = [&](std::uint32_t session, std::int64_t at, double x, bool visible = true) {
    auto* p = s.h.add_presence();
    p->set_wall_ms(at);
    p->set_session_id(session);
    p->mutable_cursor()->set_x(x);
    p->set_cursor_visible(visible);
    p->add_selection("o1");
  };
  auto session = [&](pb::RecordedSession::Kind kind, std::uint32_t id, std::int64_t at, const char* name) {
    auto* r = s.h.add_sessions();
    r->set_kind(kind);
    r->set_wall_ms(at);
    r->set_session_id(id);
    r->set_display_name(name);
  };
  session(pb::RecordedSession::JOIN, 1, 0, "Ann");
  session(pb::RecordedSession::JOIN, 2, 0, "Bob");
  sample(1, 1000, 10);
  sample(2, 1100, 20);
  sample(1, 1500, 15);
  sample(2, 2000, 25, false);  // Bob's pointer left the canvas
  sample(3, 2100, 30);         // someone the recording never named
  session(pb::RecordedSession::LEAVE, 1, 3000, "Ann");
  auto t = Timeline::build(s.h);
  ASSERT_TRUE(t);

  auto at = [&](std::int64_t ms) {
    std::string out;
    for (const auto& c : t->cursors_at(ms)) out += c.name + "@" + std::to_string(int(c.x)) + " ";
    return out;
  };
  EXPECT_EQ(at(900), "");
  EXPECT_EQ(at(1200), "Ann@10 Bob@20 ");
  EXPECT_EQ(at(1600), "Ann@15 Bob@20 ");
  EXPECT_EQ(at(2500), "Ann@15 Session 3@30 ");  // Bob hidden
  EXPECT_EQ(at(3000), "Session 3@30 ");         // Ann left
  EXPECT_EQ(at(5200), "");                      // nothing within 3 s
  EXPECT_EQ(t->cursors_at(1200)[0].selection, std::vector<std::string>{"o1"});
  EXPECT_EQ(t->first_time(), 0);
  EXPECT_EQ(t->last_time(), 3000);
}

}  // namespace
}  // namespace pss::history
