// Hostile and broken input against the real pss-server. Each test sends one kind of
// bad input, checks the server's answer (close code + reason, or a rejected
// PushResult), then checks that the same room still serves well-behaved clients.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>

#include "bad_input_fixture.h"

namespace pss::test {
namespace {

TEST_F(BadInput, GarbageBytesClose4400) {
  expect_close(close_after("\xff\xff\xff\xff\xff garbage \x01\x02"), CloseCode::bad_request);
}

TEST_F(BadInput, GarbageBeforeHelloCloses4400) {
  expect_close(close_after("\x0f\x0f\x0f", /*hello=*/false), CloseCode::bad_request);
}

TEST_F(BadInput, TextFrameCloses1003) {
  expect_close(close_after("{\"hello\":{}}", true, /*text=*/true), CloseCode::unsupported_data);
}

TEST_F(BadInput, TruncatedProtobufCloses4400) {
  const std::string bytes = encode(push_message(1, {put_element("e1"), put_element("e2")}));
  expect_close(close_after(std::string_view(bytes).substr(0, bytes.size() / 2)), CloseCode::bad_request);
}

TEST_F(BadInput, MessageWithNoBodyCloses4400) { expect_close(close_after(""), CloseCode::bad_request); }

TEST_F(BadInput, OversizedMessageCloses1009) {
  pb::Element e = element("big");
  e.set_description(std::string(kMaxMessageBytes + 100, 'a'));
  expect_close(close_after(encode(push_message(1, {put(e)}))), CloseCode::too_big);
}

TEST_F(BadInput, PushBeforeHelloCloses4400) {
  expect_close(close_after(encode(push_message(1, {put_element("e1")})), /*hello=*/false), CloseCode::bad_request);
}

TEST_F(BadInput, SecondHelloCloses4400) {
  pb::ClientMessage hello;
  hello.mutable_hello()->set_protocol_version(kProtocolVersion);
  hello.mutable_hello()->set_display_name("Again");
  expect_close(close_after(encode(hello)), CloseCode::bad_request);
}

TEST_F(BadInput, WrongProtocolVersionCloses4426) {
  for (std::uint32_t version : {kMinProtocolVersion - 1, kProtocolVersion + 1}) {
    TestClient c(port());
    ASSERT_EQ(c.connect("/rooms/" + room()), "");
    c.send_hello("Old", {}, 0, version);
    expect_close(c.wait_closed(), CloseCode::version_too_old);
  }
}

TEST_F(BadInput, InvalidDisplayNameCloses4400) {
  for (std::string name : {std::string(), std::string(500, 'n'), std::string("bad\xff utf8")}) {
    TestClient c(port());
    ASSERT_EQ(c.connect("/rooms/" + room()), "");
    c.send_hello(name);
    expect_close(c.wait_closed(), CloseCode::bad_request);
  }
}

TEST_F(BadInput, NoHelloInTimeCloses4408) {
  TestClient c(port());
  ASSERT_EQ(c.connect("/rooms/" + room()), "");
  expect_close(c.wait_closed(std::chrono::seconds(3)), CloseCode::timeout);
}

TEST_F(BadInput, OpWithNoKindIsMalformed) { expect_rejected(push_once({pb::Op{}}), pb::MALFORMED); }

TEST_F(BadInput, NanCoordinateIsInvalidValue) {
  expect_rejected(push_once({put_element("e1", std::nan(""), 0)}), pb::INVALID_VALUE);
}

TEST_F(BadInput, InfiniteCoordinateIsInvalidValue) {
  expect_rejected(push_once({put_element("e1", 0, std::numeric_limits<double>::infinity())}), pb::INVALID_VALUE);
  expect_rejected(push_once({put_element("e2"), move("e2", -std::numeric_limits<double>::infinity(), 0)}),
                  pb::INVALID_VALUE);
}

TEST_F(BadInput, OutOfBoundsCoordinate) { expect_rejected(push_once({put_element("e1", 2e6, 0)}), pb::OUT_OF_BOUNDS); }

TEST_F(BadInput, PatchOfMissingIdIsNotFound) { expect_rejected(push_once({move("nobody", 1, 2)}), pb::NOT_FOUND); }

TEST_F(BadInput, SelfLinkIsRejected) {
  expect_rejected(push_once({put_element("e1"), put_link("l1", "e1", "e1")}), pb::SELF_LINK);
}

TEST_F(BadInput, LinkToMissingElementIsNotFound) {
  expect_rejected(push_once({put_element("e1"), put_link("l1", "e1", "ghost")}), pb::NOT_FOUND);
}

TEST_F(BadInput, RejectedPushIsAtomic) {
  // The valid first op must not survive the invalid second one.
  expect_rejected(push_once({put_element("half"), move("ghost", 0, 0)}), pb::NOT_FOUND);
  TestClient c(port());
  auto w = c.join(room(), "Checker");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->snapshot().elements_size(), 0);
}

TEST_F(BadInput, StaleClientSeqIsRejected) {
  TestClient c(port());
  ASSERT_TRUE(c.join(room(), "Seq", "client-stale"));
  ASSERT_TRUE(c.send_push(7, {put_element("e1")}));
  ASSERT_TRUE(c.push_result(7)->committed());
  ASSERT_TRUE(c.send_push(7, {put_element("e2")}));
  expect_rejected(*c.push_result(7), pb::STALE_SEQUENCE);
  ASSERT_TRUE(c.send_push(3, {put_element("e3")}));
  expect_rejected(*c.push_result(3), pb::STALE_SEQUENCE);
  // The same client_id on a new connection continues from 7.
  TestClient again(port());
  auto w = again.join(room(), "Seq", "client-stale");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->last_client_seq(), 7u);
}

TEST_F(BadInput, InvalidPresenceIsAnErrorNotAClose) {
  TestClient c(port());
  ASSERT_TRUE(c.join(room(), "Cursor"));
  ASSERT_TRUE(c.send_presence(cursor_at(std::nan(""), 0)));
  auto error = c.next_of(pb::ServerMessage::kError);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->error().reason(), pb::INVALID_VALUE);
  ASSERT_TRUE(c.send_ping(42));
  auto pong = c.next_of(pb::ServerMessage::kPong);
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->pong().nonce(), 42u);
}

TEST_F(BadInput, BadPathIs404WithoutUpgrade) {
  TestClient c(port());
  const std::string refused = c.connect("/nope");
  EXPECT_EQ(refused.rfind("HTTP 404", 0), 0u) << refused;
  TestClient bad_name(port());
  EXPECT_EQ(bad_name.connect("/rooms/bad%20name").rfind("HTTP 404", 0), 0u);
  const HttpReply reply = http_get(port(), "/nope");
  EXPECT_EQ(reply.status, 404);
  EXPECT_FALSE(reply.body.empty());
}

TEST_F(BadInput, RoomPathWithoutUpgradeIs426) {
  const HttpReply reply = http_get(port(), "/rooms/" + room());
  EXPECT_EQ(reply.status, 426) << reply.error;
  EXPECT_EQ(reply.upgrade, "websocket");
  EXPECT_FALSE(reply.body.empty());
}

TEST_F(BadInput, HealthzIsJson) {
  TestClient c(port());
  ASSERT_TRUE(c.join(room(), "Counted"));
  const HttpReply reply = http_get(port(), "/healthz");
  EXPECT_EQ(reply.status, 200) << reply.error;
  EXPECT_EQ(reply.content_type, "application/json");
  EXPECT_NE(reply.body.find("\"status\":\"ok\""), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("\"rooms\":"), std::string::npos) << reply.body;
  EXPECT_EQ(reply.body.find("\"sessions\":0"), std::string::npos) << reply.body;
}

}  // namespace
}  // namespace pss::test
