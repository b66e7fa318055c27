// Replay recordings (joins/leaves, presence, facilitation events) and reading the log.
#include <gtest/gtest.h>

#include "storage/room_reader.h"
#include "test_util.h"

namespace pss::storage::testing {
namespace {

TEST(Recording, SessionsPresenceAndEventsComeBackByTimeRange) {
  TempDir dir;
  {
    auto store = open_store(dir.path());
    for (int i = 0; i < 10; ++i) {
      SessionEvent e;
      e.kind = i % 2 ? SessionEventKind::leave : SessionEventKind::join;
      e.wall_ms = 1000 + i * 100;
      e.clock = static_cast<std::uint64_t>(i);
      e.session_id = static_cast<std::uint32_t>(i / 2 + 1);
      e.display_name = "Person " + std::to_string(i / 2);
      e.group = pss::v1::PARTNER_ORGANISATION;
      e.client_id = "c" + std::to_string(i / 2);
      store->record_session_event("r", e);
      PresenceSample p;
      p.wall_ms = 1000 + i * 100 + 50;
      p.session_id = e.session_id;
      p.x = i * 1.5;
      p.y = -i * 2.25;
      p.visible = i % 3 != 0;
      if (i == 4) p.selection = {"card-1", "card-2"};
      EXPECT_TRUE(store->record_presence("r", p));
      FacilitationEvent f;
      f.wall_ms = 1000 + i * 100 + 70;
      f.clock = e.clock;
      f.session_id = e.session_id;
      f.kind = "timer.started";
      f.payload = std::string("\0\1\2", 3) + std::to_string(i);
      store->record_event("r", f);
    }
  }
  auto store = open_store(dir.path());
  auto reader = store->open_reader("r");
  ASSERT_TRUE(reader.ok()) << reader.error();

  std::vector<SessionEvent> sessions;
  ASSERT_TRUE(reader->session_events(1200, 1500, [&](const SessionEvent& e) {
    sessions.push_back(e);
    return true;
  }).ok());
  ASSERT_EQ(sessions.size(), 3u);  // 1200, 1300, 1400
  EXPECT_EQ(sessions[0].kind, SessionEventKind::join);
  EXPECT_EQ(sessions[1].kind, SessionEventKind::leave);
  EXPECT_EQ(sessions[0].display_name, "Person 1");
  EXPECT_EQ(sessions[0].group, pss::v1::PARTNER_ORGANISATION);
  EXPECT_EQ(sessions[0].client_id, "c1");
  EXPECT_EQ(sessions[2].clock, 4u);

  std::vector<PresenceSample> presence;
  ASSERT_TRUE(reader->presence(0, RoomReader::kForever, [&](const PresenceSample& p) {
    presence.push_back(p);
    return true;
  }).ok());
  ASSERT_EQ(presence.size(), 10u);
  EXPECT_EQ(presence[4].selection, (std::vector<std::string>{"card-1", "card-2"}));
  EXPECT_TRUE(presence[3].selection.empty());
  EXPECT_DOUBLE_EQ(presence[3].x, 4.5);
  EXPECT_DOUBLE_EQ(presence[3].y, -6.75);
  EXPECT_FALSE(presence[3].visible);
  EXPECT_TRUE(presence[4].visible);

  std::vector<FacilitationEvent> events;
  ASSERT_TRUE(reader->events(1000, 1300, [&](const FacilitationEvent& f) {
    events.push_back(f);
    return events.size() < 2;  // stop early
  }).ok());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, "timer.started");
  EXPECT_EQ(events[1].payload, std::string("\0\1\2", 3) + "1");
}

TEST(Recording, PresenceIsDroppedBeyondTheQueueLimit) {
  TempDir dir;
  auto options = options_for(dir.path());
  options.max_pending_presence = 10;
  auto store = open_store(options);
  int accepted = 0;
  for (int i = 0; i < 200; ++i) {
    PresenceSample p;
    p.wall_ms = i;
    accepted += store->record_presence("r", p) ? 1 : 0;
  }
  store->flush();
  EXPECT_LT(accepted, 200);
  EXPECT_EQ(store->stats().presence_dropped, static_cast<std::uint64_t>(200 - accepted));
  auto reader = store->open_reader("r");
  ASSERT_TRUE(reader.ok());
  int stored = 0;
  ASSERT_TRUE(reader->presence(0, RoomReader::kForever, [&](const PresenceSample&) { return ++stored, true; }).ok());
  EXPECT_EQ(stored, accepted);
}

TEST(Recording, ChangesReadBackFromAClockWithTheirAuthors) {
  TempDir dir;
  auto store = open_store(dir.path());
  Workload work(31);
  std::vector<ChangeRecord> sent;
  for (int i = 0; i < 400; ++i) {
    auto rec = work.next();
    sent.push_back(rec);
    store->append("r", std::move(rec));
  }
  store->flush();
  auto reader = store->open_reader("r");
  ASSERT_TRUE(reader.ok());
  std::uint64_t expect = 250;
  ASSERT_TRUE(reader->changes(250, RoomReader::kEnd, [&](const ChangeRecord& rec) {
    const ChangeRecord& s = sent[expect - 1];
    EXPECT_EQ(rec.clock, expect);
    EXPECT_EQ(rec.wall_ms, s.wall_ms);
    EXPECT_EQ(rec.session_id, s.session_id);
    EXPECT_EQ(rec.author, s.author);
    EXPECT_EQ(rec.client_id, s.client_id);
    EXPECT_EQ(rec.client_seq, s.client_seq);
    EXPECT_EQ(rec.change.SerializeAsString(), s.change.SerializeAsString());
    ++expect;
    return true;
  }).ok());
  EXPECT_EQ(expect, 401u);
  auto last = reader->last_clock();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 400u);
}

}  // namespace
}  // namespace pss::storage::testing
