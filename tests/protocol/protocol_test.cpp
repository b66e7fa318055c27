#include "protocol/protocol.h"

#include <gtest/gtest.h>

namespace pss {
namespace {

TEST(Protocol, ConcatenatedFramesDecodeAsOneFrameInOrder) {
  pb::ServerMessage pong;
  pong.mutable_pong()->set_nonce(7);
  pb::ServerMessage result;
  result.mutable_push_result()->set_client_seq(3);
  result.mutable_push_result()->set_committed(true);
  std::string bytes = encode_frame(pong);
  append_frame(result, bytes);
  append_frame(pong, bytes);
  pb::ServerFrame frame;
  ASSERT_TRUE(frame.ParseFromString(bytes));
  ASSERT_EQ(frame.messages_size(), 3);
  EXPECT_EQ(frame.messages(0).pong().nonce(), 7u);
  EXPECT_EQ(frame.messages(1).push_result().client_seq(), 3u);
  EXPECT_TRUE(frame.messages(2).has_pong());
}

TEST(Protocol, LargeMessagesUseMultiByteLengths) {
  pb::ServerMessage m;
  m.mutable_error()->set_detail(std::string(100000, 'x'));
  pb::ServerFrame frame;
  ASSERT_TRUE(frame.ParseFromString(encode_frame(m)));
  EXPECT_EQ(frame.messages(0).error().detail().size(), 100000u);
}

TEST(Protocol, RoomFromTarget) {
  EXPECT_EQ(room_from_target("/rooms/smoking-cessation"), "smoking-cessation");
  EXPECT_EQ(room_from_target("/rooms/a.b_c?token=x"), "a.b_c");
  EXPECT_EQ(room_from_target("/rooms/"), "");
  EXPECT_EQ(room_from_target("/rooms/a/b"), "");
  EXPECT_EQ(room_from_target("/room/a"), "");
  EXPECT_EQ(room_from_target("/rooms/" + std::string(65, 'a')), "");
  EXPECT_EQ(room_from_target("/rooms/%2e%2e"), "");
}

TEST(Protocol, CloseCodesForReasons) {
  EXPECT_EQ(close_code_for(pb::VERSION_TOO_OLD), CloseCode::version_too_old);
  EXPECT_EQ(close_code_for(pb::ROOM_FULL), CloseCode::room_full);
  EXPECT_EQ(close_code_for(pb::TOO_SLOW), CloseCode::too_slow);
  EXPECT_EQ(close_code_for(pb::MALFORMED), CloseCode::bad_request);
  EXPECT_EQ(reason_name(pb::NOT_FOUND), "NOT_FOUND");
}

}  // namespace
}  // namespace pss
