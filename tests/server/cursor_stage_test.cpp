// CursorStage: whose cursors a big room relays, and who gives up a seat for an editor.
#include "cursor_stage.h"

#include <gtest/gtest.h>

#include "ops.h"
#include "room_state.h"
#include "room_state_test_util.h"

namespace pss::server {
namespace {

TEST(CursorStage, FirstJoinersFillTheSeatsFacilitatorsNeedNone) {
  CursorStage stage(2);
  stage.join(1, false);
  stage.join(2, true);  // facilitator
  stage.join(3, false);
  stage.join(4, false);
  EXPECT_TRUE(stage.on_stage(1));
  EXPECT_TRUE(stage.on_stage(2));
  EXPECT_TRUE(stage.on_stage(3));
  EXPECT_FALSE(stage.on_stage(4));
  EXPECT_EQ(stage.seats_taken(), 2u);
}

TEST(CursorStage, AnEditorTakesTheSeatOfTheLeastRecentlyActive) {
  CursorStage stage(2);
  for (std::uint32_t id = 1; id <= 4; ++id) stage.join(id, false);
  EXPECT_EQ(stage.edited(1), 0u);  // already seated (1 and 2 joined first)
  EXPECT_EQ(stage.edited(4), 2u);  // 2 never edited, 1 just did
  EXPECT_TRUE(stage.on_stage(4));
  EXPECT_FALSE(stage.on_stage(2));
  EXPECT_FALSE(stage.on_stage(3));
  EXPECT_EQ(stage.edited(3), 1u);  // now 1 is the least recently active
  EXPECT_EQ(stage.edited(3), 0u);
  EXPECT_EQ(stage.seats_taken(), 2u);
}

TEST(CursorStage, ALeaverIsReplacedByTheMostRecentEditorOffStage) {
  CursorStage stage(1);
  for (std::uint32_t id = 1; id <= 3; ++id) stage.join(id, false);
  stage.edited(2);
  stage.edited(3);  // 3 seated, 2 off stage but active after 1
  EXPECT_EQ(stage.leave(3), 2u);
  EXPECT_TRUE(stage.on_stage(2));
  EXPECT_EQ(stage.leave(1), 0u);  // off stage: frees no seat
  EXPECT_EQ(stage.leave(2), 0u);  // nobody left to seat
  EXPECT_EQ(stage.seats_taken(), 0u);
}

TEST(CursorStage, CapacityZeroRelaysEveryone) {
  CursorStage stage(0);
  for (std::uint32_t id = 1; id <= 100; ++id) stage.join(id, false);
  for (std::uint32_t id = 1; id <= 100; ++id) EXPECT_TRUE(stage.on_stage(id));
  EXPECT_EQ(stage.edited(77), 0u);
}

// Through RoomState: off-stage cursors are not relayed, and an evicted cursor is hidden.
TEST(CursorStage, RoomRelaysOnlyCursorsOnStageAndHidesTheEvicted) {
  RoomConfig config;
  config.max_cursors = 1;
  RoomState room("demo", config);
  room.join(1, hello("Ann"));
  room.join(2, hello("Bob"));
  room.join(3, hello("Cy"));
  room.presence(1, test::cursor_at(1, 1));
  room.presence(2, test::cursor_at(2, 2));  // off stage: dropped
  auto out = room.flush();
  auto cursors = [](const std::vector<pb::ServerMessage>& msgs) {
    std::vector<std::pair<std::uint32_t, bool>> seen;
    for (const auto& m : msgs)
      for (const auto& p : m.presence().peers()) seen.emplace_back(p.session_id(), p.presence().cursor_visible());
    return seen;
  };
  EXPECT_EQ(cursors(for_session(out, 3)), (std::vector<std::pair<std::uint32_t, bool>>{{1, true}}));

  room.push(2, push(1, {test::put_element("e1")}));  // Bob edits: he takes Ann's seat
  room.presence(2, test::cursor_at(5, 5));
  out = room.flush();
  EXPECT_EQ(cursors(for_session(out, 3)), (std::vector<std::pair<std::uint32_t, bool>>{{1, false}, {2, true}}));
  room.presence(1, test::cursor_at(1, 1));  // Ann is off stage now
  EXPECT_FALSE(room.has_pending());
}

}  // namespace
}  // namespace pss::server
