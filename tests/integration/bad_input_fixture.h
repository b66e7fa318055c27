// BadInput: one real pss-server shared by a suite of hostile-input tests. Each test
// sends one kind of bad input and checks the answer (a close code and reason, or a
// rejected PushResult); TearDown then checks the server is alive and the same room
// still serves two well-behaved clients.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "ops.h"
#include "protocol/protocol.h"
#include "server_process.h"
#include "test_client.h"

namespace pss::test {

inline constexpr std::size_t kMaxMessageBytes = 64 * 1024;
inline constexpr std::size_t kSendQueueBytes = 256 * 1024;

class BadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--max-message-bytes", std::to_string(kMaxMessageBytes), "--handshake-timeout-ms",
                                 "800", "--tick-ms", "5", "--send-queue-bytes", std::to_string(kSendQueueBytes)});
  }
  static void TearDownTestSuite() { server_.reset(); }

  void TearDown() override {
    // Whatever the test sent, the server is alive and the room still works.
    ASSERT_TRUE(server_->running()) << "pss-server died";
    expect_room_still_works();
  }

  static std::uint16_t port() { return server_->port(); }

  // One room per test, named after it ("Rows/3" becomes "Rows-3").
  std::string room() const {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : name)
      if (c == '/') c = '-';
    return name;
  }

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

inline pb::ClientMessage push_message(std::uint64_t seq, std::vector<pb::Op> ops) {
  pb::ClientMessage m;
  m.mutable_push()->set_client_seq(seq);
  for (auto& op : ops) *m.mutable_push()->add_ops() = std::move(op);
  return m;
}

}  // namespace pss::test
