// Hostile and broken input against the real pss-server. Each test sends one kind of
// bad input, checks the server's answer (close code + reason, or a rejected
// PushResult), then checks that the same room still serves well-behaved clients.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>

#include "ops.h"
#include "protocol/protocol.h"
#include "server_process.h"
#include "test_client.h"

namespace pss::test {
namespace {

constexpr std::size_t kMaxMessageBytes = 64 * 1024;

class BadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--max-message-bytes", std::to_string(kMaxMessageBytes), "--handshake-timeout-ms", "800", "--tick-ms", "5"});
  }
  static void TearDownTestSuite() { server_.reset(); }

  void TearDown() override {
    // Whatever the test sent, the server is alive and the room still works.
    ASSERT_TRUE(server_->running()) << "pss-server died";
    expect_room_still_works();
  }

  static std::uint16_t port() { return server_->port(); }

  // One room per test, named after it.
  std::string room() const { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

  void expect_room_still_works() {
    TestClient writer(port()), reader(port());
    ASSERT_TRUE(writer.join(room(), "Well"));
    ASSERT_TRUE(reader.join(room(), "Behaved"));
    const std::string id = "ok-" + std::to_string(++checks_);
    ASSERT_TRUE(writer.send_push(1, {put_element(id)}));
    auto patch = reader.next_of(pb::ServerMessage::kPatch);
    ASSERT_TRUE(patch) << "reader got no Patch";
    ASSERT_GE(patch->patch().changes_size(), 1);
    EXPECT_EQ(patch->patch().changes(0).ops(0).put().element().id(), id);
    auto result = writer.push_result(1);
    ASSERT_TRUE(result);
    EXPECT_TRUE(result->committed());
  }

  // Joins, pushes `ops` as client_seq 1 and returns the PushResult.
  pb::PushResult push_once(std::vector<pb::Op> ops) {
    TestClient c(port());
    EXPECT_TRUE(c.join(room(), "Pusher"));
    EXPECT_TRUE(c.send_push(1, std::move(ops)));
    auto result = c.push_result(1);
    EXPECT_TRUE(result) << "no PushResult";
    return result.value_or(pb::PushResult{});
  }

  // Joins (or only connects when `hello` is false), sends raw bytes, returns the close.
  CloseInfo close_after(std::string_view bytes, bool hello = true, bool text = false) {
    TestClient c(port());
    if (hello) {
      EXPECT_TRUE(c.join(room(), "Sender"));
    } else {
      EXPECT_EQ(c.connect("/rooms/" + room()), "");
    }
    text ? c.send_text(bytes) : c.send_binary(bytes);
    return c.wait_closed();
  }

  static void expect_rejected(const pb::PushResult& r, pb::Reason reason) {
    EXPECT_FALSE(r.committed());
    EXPECT_EQ(r.reason(), reason) << "got " << reason_name(r.reason()) << ": " << r.detail();
    EXPECT_FALSE(r.detail().empty());
    EXPECT_EQ(r.clock(), 0u);
  }

  static void expect_close(const CloseInfo& c, CloseCode code) {
    ASSERT_TRUE(c.closed) << "connection still open";
    EXPECT_EQ(c.code, static_cast<int>(code)) << "reason: " << c.reason << " (" << c.error << ")";
    EXPECT_FALSE(c.reason.empty());
  }

  static inline std::unique_ptr<ServerProcess> server_;
  static inline int checks_ = 0;
};

pb::ClientMessage push_message(std::uint64_t seq, std::vector<pb::Op> ops) {
  pb::ClientMessage m;
  m.mutable_push()->set_client_seq(seq);
  for (auto& op : ops) *m.mutable_push()->add_ops() = std::move(op);
  return m;
}

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

TEST_F(BadInput, MessageWithNoBodyCloses4400) {
  expect_close(close_after(""), CloseCode::bad_request);
}

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
