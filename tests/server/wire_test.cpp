#include "wire.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <set>

#include "model/strategy_map.h"
#include "protocol/palette.h"

namespace pss::server {
namespace {

using google::protobuf::util::MessageDifferencer;

TEST(Wire, SplicedWelcomeDecodesAsIfSnapshotWereSet) {
  StrategyMap map = StrategyMap::with_default_rows();
  pb::Welcome w;
  w.set_session_id(7);
  w.set_clock(3);
  w.set_full(true);
  w.set_room("demo");
  w.add_peers()->set_display_name("Ann");
  const std::string snapshot = map.snapshot_bytes();

  pb::ServerFrame frame;
  ASSERT_TRUE(frame.ParseFromString(encode_welcome(w, &snapshot)));
  ASSERT_EQ(frame.messages_size(), 1);
  pb::Welcome expected = w;
  *expected.mutable_snapshot() = map.snapshot();
  EXPECT_TRUE(MessageDifferencer::Equals(frame.messages(0).welcome(), expected));
  EXPECT_EQ(frame.messages(0).welcome().snapshot().rows_size(), 8);
}

TEST(Wire, WelcomeWithoutSnapshot) {
  pb::Welcome w;
  w.set_session_id(1);
  pb::ServerFrame frame;
  ASSERT_TRUE(frame.ParseFromString(encode_welcome(w, nullptr)));
  EXPECT_TRUE(MessageDifferencer::Equals(frame.messages(0).welcome(), w));
  EXPECT_FALSE(frame.messages(0).welcome().has_snapshot());
}

TEST(Wire, FramesConcatenate) {
  pb::ServerFrame frame;
  ASSERT_TRUE(frame.ParseFromString(encode_pong(5) + encode_error(pb::INVALID_VALUE, "bad") + encode_pong(6)));
  ASSERT_EQ(frame.messages_size(), 3);
  EXPECT_EQ(frame.messages(0).pong().nonce(), 5u);
  EXPECT_EQ(frame.messages(1).error().detail(), "bad");
  EXPECT_EQ(frame.messages(2).pong().nonce(), 6u);
}

TEST(Wire, CloseReasonFitsInAControlFrame) {
  EXPECT_EQ(close_reason_text("short"), "short");
  EXPECT_EQ(close_reason_text(std::string(200, 'a')).size(), 123u);
  // 61 two-byte characters = 122 bytes, then one more: the cut must not split it.
  std::string s;
  for (int i = 0; i < 70; ++i) s += "\xC3\xA9";  // é
  const std::string cut = close_reason_text(s);
  EXPECT_EQ(cut.size(), 122u);
  EXPECT_TRUE(is_valid_utf8(cut));
}

TEST(Palette, TwelveDistinctColoursRoundRobin) {
  std::set<std::uint32_t> seen;
  for (std::uint32_t id = 1; id <= 12; ++id) seen.insert(session_color(id));
  EXPECT_EQ(seen.size(), 12u);
  EXPECT_EQ(session_color(1), session_color(13));
  EXPECT_NE(session_color(1), session_color(2));
  for (std::uint32_t c : kSessionPalette) EXPECT_LE(c, 0xFFFFFFu);
}

}  // namespace
}  // namespace pss::server
