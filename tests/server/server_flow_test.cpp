// Room behaviour of the real pss-server binary: relaying, ordering, batching,
// presence, membership, capacity, slow clients and shutdown.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>
#include <thread>

#include "ops.h"
#include "protocol/protocol.h"
#include "server_process.h"
#include "test_client.h"

namespace pss::test {
namespace {

using namespace std::chrono_literals;

class ServerFlow : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--tick-ms", "5"}); }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  std::string room() const { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(ServerFlow, TwoClientsReceiveEachOthersPatches) {
  TestClient a(port()), b(port());
  ASSERT_TRUE(a.join(room(), "Ann"));
  ASSERT_TRUE(b.join(room(), "Bob"));
  ASSERT_TRUE(a.send_push(1, {put_element("from-a")}));
  ASSERT_TRUE(b.send_push(1, {put_element("from-b")}));

  for (TestClient* c : {&a, &b}) {
    std::set<std::string> seen;
    while (seen.size() < 2) {
      auto m = c->next_of(pb::ServerMessage::kPatch);
      ASSERT_TRUE(m) << "missing patches, saw " << seen.size();
      for (const auto& change : m->patch().changes()) seen.insert(change.ops(0).put().element().id());
    }
    EXPECT_EQ(seen, (std::set<std::string>{"from-a", "from-b"}));
  }
}

TEST_F(ServerFlow, AuthorGetsPatchThenPushResult) {
  TestClient a(port()), b(port());
  ASSERT_TRUE(a.join(room(), "Ann"));
  ASSERT_TRUE(b.join(room(), "Bob"));
  ASSERT_TRUE(a.next_of(pb::ServerMessage::kPeerJoined));
  ASSERT_TRUE(a.send_push(1, {put_element("e1")}));
  auto first = a.next();
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->has_patch()) << first->DebugString();
  const auto& change = first->patch().changes(0);
  EXPECT_EQ(change.session_id(), 1u);
  EXPECT_EQ(change.ops(0).put().element().author(), "Ann");
  auto second = a.next();
  ASSERT_TRUE(second && second->has_push_result());
  EXPECT_TRUE(second->push_result().committed());
  EXPECT_EQ(second->push_result().clock(), change.clock());
  auto other = b.next_of(pb::ServerMessage::kPatch);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->patch().changes(0).clock(), change.clock());
}

TEST_F(ServerFlow, PushResultsFollowTheirPatchesInOrder) {
  TestClient a(port());
  ASSERT_TRUE(a.join(room(), "Ann"));
  constexpr int kPushes = 30;
  for (int seq = 1; seq <= kPushes; ++seq) {
    // Every third push is invalid: rejections must stay in order too.
    if (seq % 3 == 0)
      ASSERT_TRUE(a.send_push(seq, {move("missing", 0, 0)}));
    else
      ASSERT_TRUE(a.send_push(seq, {put_element("e" + std::to_string(seq), seq, 0)}));
  }
  std::set<std::uint64_t> patched;
  std::uint64_t last_seq = 0, last_clock = 0;
  while (last_seq < kPushes) {
    auto m = a.next();
    ASSERT_TRUE(m) << "stopped after seq " << last_seq;
    if (m->has_patch()) {
      for (const auto& c : m->patch().changes()) {
        EXPECT_EQ(c.clock(), last_clock + 1) << "gap in clocks";
        last_clock = c.clock();
        patched.insert(c.clock());
      }
    } else if (m->has_push_result()) {
      const auto& r = m->push_result();
      EXPECT_EQ(r.client_seq(), last_seq + 1);
      last_seq = r.client_seq();
      EXPECT_EQ(r.committed(), last_seq % 3 != 0);
      if (r.committed()) {
        EXPECT_TRUE(patched.count(r.clock())) << "PushResult before its Patch";
      }
    }
  }
  EXPECT_EQ(last_clock, 20u);
}

TEST_F(ServerFlow, FirstChangeIsImmediateLaterOnesAreBatchedPerTick) {
  ServerProcess slow_tick({"--tick-ms", "400"});
  TestClient a(slow_tick.port()), b(slow_tick.port());
  ASSERT_TRUE(a.join("batch", "Ann"));
  ASSERT_TRUE(b.join("batch", "Bob"));
  std::this_thread::sleep_for(450ms);  // the room is idle

  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(a.send_push(1, {put_element("e1")}));
  auto first = b.next_of(pb::ServerMessage::kPatch, 2s);
  ASSERT_TRUE(first);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 200ms) << "first change after idle was delayed";

  for (int seq = 2; seq <= 4; ++seq) ASSERT_TRUE(a.send_push(seq, {move("e1", seq, seq)}));
  auto batched = b.next_of(pb::ServerMessage::kPatch, 2s);
  ASSERT_TRUE(batched);
  EXPECT_EQ(batched->patch().changes_size(), 3) << "changes within one tick should share one Patch";
}

TEST_F(ServerFlow, PresenceIsRelayedToOthersOnly) {
  TestClient a(port()), b(port()), c(port());
  ASSERT_TRUE(a.join(room(), "Ann"));
  ASSERT_TRUE(b.join(room(), "Bob"));
  auto wc = c.join(room(), "Cy");
  ASSERT_TRUE(wc);
  ASSERT_TRUE(a.send_presence(cursor_at(10, 20)));

  for (TestClient* other : {&b, &c}) {
    auto m = other->next_of(pb::ServerMessage::kPresence);
    ASSERT_TRUE(m);
    ASSERT_EQ(m->presence().peers_size(), 1);
    EXPECT_EQ(m->presence().peers(0).session_id(), 1u);
    EXPECT_EQ(m->presence().peers(0).presence().cursor().x(), 10);
  }
  for (const auto& m : a.drain(150ms)) EXPECT_FALSE(m.has_presence()) << "sender got its own presence";
}

TEST_F(ServerFlow, PeerJoinedAndPeerLeft) {
  TestClient a(port());
  ASSERT_TRUE(a.join(room(), "Ann"));
  std::uint32_t bob_id = 0;
  {
    TestClient b(port());
    auto wb = b.join(room(), "Bob");
    ASSERT_TRUE(wb);
    bob_id = wb->session_id();
    ASSERT_EQ(wb->peers_size(), 1);
    EXPECT_EQ(wb->peers(0).display_name(), "Ann");
    auto joined = a.next_of(pb::ServerMessage::kPeerJoined);
    ASSERT_TRUE(joined);
    EXPECT_EQ(joined->peer_joined().peer().session_id(), bob_id);
    EXPECT_EQ(joined->peer_joined().peer().display_name(), "Bob");
    EXPECT_EQ(joined->peer_joined().peer().color(), wb->color());
  }  // Bob disconnects
  auto left = a.next_of(pb::ServerMessage::kPeerLeft);
  ASSERT_TRUE(left);
  EXPECT_EQ(left->peer_left().session_id(), bob_id);
}

TEST_F(ServerFlow, SessionIdsIncreasePerRoom) {
  TestClient a(port()), b(port());
  EXPECT_EQ(a.join(room(), "Ann")->session_id(), 1u);
  EXPECT_EQ(b.join(room(), "Bob")->session_id(), 2u);
}

TEST_F(ServerFlow, ReconnectCatchesUpWithChangesSinceLastClock) {
  TestClient a(port());
  auto w = a.join(room(), "Ann", "client-r");
  ASSERT_TRUE(w);
  ASSERT_TRUE(a.send_push(1, {put_element("e1")}));
  const auto clock = a.push_result(1)->clock();
  ASSERT_TRUE(a.send_push(2, {put_element("e2")}));
  ASSERT_TRUE(a.push_result(2));
  a.close();

  TestClient again(port());
  auto w2 = again.join(room(), "Ann", "client-r", clock);
  ASSERT_TRUE(w2);
  EXPECT_FALSE(w2->full());
  ASSERT_EQ(w2->changes_size(), 1);
  EXPECT_EQ(w2->changes(0).put().element().id(), "e2");
  EXPECT_EQ(w2->last_client_seq(), 2u);
}

TEST_F(ServerFlow, PingGetsPong) {
  TestClient a(port());
  ASSERT_TRUE(a.join(room(), "Ann"));
  ASSERT_TRUE(a.send_ping(123456789));
  auto pong = a.next_of(pb::ServerMessage::kPong);
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->pong().nonce(), 123456789u);
}

TEST_F(ServerFlow, ConcurrentWritersAllSeeEveryChangeInOrder) {
  constexpr int kThreads = 4, kClientsPerThread = 3, kPushes = 15;
  constexpr std::uint64_t kTotal = kThreads * kClientsPerThread * kPushes;
  TestClient watcher(port());  // joins first, reads only at the end
  ASSERT_TRUE(watcher.join(room(), "Watcher"));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::unique_ptr<TestClient>> clients;
      for (int c = 0; c < kClientsPerThread; ++c) {
        clients.push_back(std::make_unique<TestClient>(port()));
        if (!clients.back()->join(room(), "W" + std::to_string(t) + "-" + std::to_string(c))) ++failures;
      }
      for (int seq = 1; seq <= kPushes; ++seq)
        for (int c = 0; c < kClientsPerThread; ++c) {
          const std::string id = "t" + std::to_string(t) + "c" + std::to_string(c) + "s" + std::to_string(seq);
          clients[c]->send_push(seq, {put_element(id, seq, c)});
          clients[c]->send_presence(cursor_at(seq, c));
        }
      for (auto& client : clients)
        if (!client->push_result(kPushes, 10s)) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);

  std::uint64_t clock = 0;
  while (clock < kTotal) {
    auto m = watcher.next_of(pb::ServerMessage::kPatch);
    ASSERT_TRUE(m) << "watcher stopped at clock " << clock;
    for (const auto& change : m->patch().changes()) ASSERT_EQ(change.clock(), ++clock);
  }
  TestClient late(port());
  auto w = late.join(room(), "Late");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->clock(), kTotal);
  EXPECT_EQ(static_cast<std::uint64_t>(w->snapshot().elements_size()), kTotal);
}

TEST_F(ServerFlow, SilentConnectionIsDroppedWhileOneAnsweringPingsStays) {
  ServerProcess server({"--idle-timeout-ms", "300"});
  TestClient alive(server.port()), silent(server.port());
  ASSERT_TRUE(alive.join("idle", "Alive"));
  ASSERT_TRUE(silent.join("idle", "Silent"));
  // `alive` keeps running its I/O (answering the server's WebSocket pings); `silent`
  // runs nothing, so its pings go unanswered.
  alive.drain(900ms);
  EXPECT_FALSE(alive.closed());
  ASSERT_TRUE(alive.send_ping(7));
  EXPECT_TRUE(alive.next_of(pb::ServerMessage::kPong));
  EXPECT_TRUE(silent.wait_closed(100ms).closed);
}

TEST_F(ServerFlow, FullRoomCloses4503) {
  ServerProcess small({"--max-sessions-per-room", "2"});
  TestClient a(small.port()), b(small.port()), c(small.port()), other_room(small.port());
  ASSERT_TRUE(a.join("small", "Ann"));
  ASSERT_TRUE(b.join("small", "Bob"));
  ASSERT_EQ(c.connect("/rooms/small"), "");
  c.send_hello("Cy");
  const CloseInfo closed = c.wait_closed();
  EXPECT_EQ(closed.code, static_cast<int>(CloseCode::room_full));
  EXPECT_FALSE(closed.reason.empty());
  EXPECT_TRUE(other_room.join("elsewhere", "Cy"));
}

TEST_F(ServerFlow, SlowReaderIsClosed4413WhileOthersContinue) {
  ServerProcess server({"--send-queue-bytes", "65536", "--max-message-bytes", "32768", "--tick-ms", "1"});
  TestClient slow(server.port()), fast(server.port());
  ASSERT_EQ(slow.connect("/rooms/slow", 4096), "");
  ASSERT_TRUE(slow.send_hello("Sloth"));
  ASSERT_TRUE(fast.join("slow", "Hare"));
  // The slow client never reads: ~6 MB of Patches fill the kernel buffers and then
  // the server's 64 KiB queue. The fast client reads and must not be affected.
  for (int seq = 1; seq <= 200; ++seq) {
    std::vector<pb::Op> ops;
    for (int i = 0; i < 3; ++i) {
      pb::Element e = element("big-" + std::to_string(i), seq, i);
      e.set_description(std::string(10000, static_cast<char>('a' + seq % 26)));
      ops.push_back(put(e));
    }
    ASSERT_TRUE(fast.send_push(seq, std::move(ops)));
    auto result = fast.push_result(seq, 5s);
    ASSERT_TRUE(result) << "seq " << seq << ": " << fast.close_info().reason;
    ASSERT_TRUE(result->committed());
  }
  const CloseInfo closed = slow.wait_closed(10s);
  EXPECT_EQ(closed.code, static_cast<int>(CloseCode::too_slow)) << closed.reason << " / " << closed.error;
  EXPECT_FALSE(closed.reason.empty());
  EXPECT_EQ(slow.decode_errors(), 0u);
  // The fast client is unaffected.
  ASSERT_TRUE(fast.send_ping(1));
  EXPECT_TRUE(fast.next_of(pb::ServerMessage::kPong));
}

TEST_F(ServerFlow, SigtermClosesSessionsWith1001AndExitsZero) {
  ServerProcess server;
  TestClient a(server.port()), b(server.port());
  ASSERT_TRUE(a.join("shutdown", "Ann"));
  ASSERT_EQ(b.connect("/rooms/shutdown"), "");  // connected, no Hello yet
  const auto start = std::chrono::steady_clock::now();
  std::thread killer([&] { EXPECT_EQ(server.terminate(5s), 0); });
  const CloseInfo ca = a.wait_closed(5s);
  const CloseInfo cb = b.wait_closed(5s);
  killer.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_EQ(ca.code, static_cast<int>(CloseCode::going_away)) << ca.error;
  EXPECT_FALSE(ca.reason.empty());
  EXPECT_EQ(cb.code, static_cast<int>(CloseCode::going_away)) << cb.error;
}

}  // namespace
}  // namespace pss::test
